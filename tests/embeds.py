"""Fake providers for embed tests: the network is never touched.

`FakeNetwork` replaces `articles.embeds.fetch.open_url`, the one place an embed fetches,
and answers from a table of URLs; anything not in it fails the test. The answers follow the
shapes the providers document (YouTube's and Vimeo's oEmbed, X's publish.twitter.com).
"""

import io
import json
import urllib.error
from email.message import Message
from urllib.parse import parse_qs, urlsplit

from PIL import Image

from articles.models import ArticleBlock
from tests.factories import BlockFactory

TRAILER_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
TRAILER_THUMBNAIL = "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"

#: https://www.youtube.com/oembed?url=…&format=json, as YouTube answers it.
YOUTUBE_ANSWER = {
    "title": "Run Away | Official Trailer | Netflix",
    "author_name": "Netflix",
    "author_url": "https://www.youtube.com/@Netflix",
    "type": "video",
    "height": 113,
    "width": 200,
    "version": "1.0",
    "provider_name": "YouTube",
    "provider_url": "https://www.youtube.com/",
    "thumbnail_height": 360,
    "thumbnail_width": 480,
    "thumbnail_url": TRAILER_THUMBNAIL,
    "html": '<iframe width="200" height="113" src="https://www.youtube.com/embed/dQw4w9WgXcQ'
    '?feature=oembed" frameborder="0" allowfullscreen title="Run Away"></iframe>',
}

#: https://vimeo.com/api/oembed.json?url=…, as Vimeo answers it (it gives a date and length).
VIMEO_ANSWER = {
    "type": "video",
    "version": "1.0",
    "provider_name": "Vimeo",
    "provider_url": "https://vimeo.com/",
    "title": "Behind the scenes of Run Away",
    "author_name": "Quay Street",
    "author_url": "https://vimeo.com/quaystreet",
    "html": '<iframe src="https://player.vimeo.com/video/76979871?dnt=1"></iframe>',
    "width": 640,
    "height": 360,
    "duration": 62,
    "description": "How the park scenes were shot.",
    "thumbnail_url": "https://i.vimeocdn.com/video/452001751-8216e0c8.jpg",
    "thumbnail_width": 640,
    "thumbnail_height": 360,
    "upload_date": "2024-01-02 10:00:00",
    "video_id": 76979871,
}

#: https://publish.twitter.com/oembed?url=…&omit_script=1 (no thumbnail, HTML without script).
X_ANSWER = {
    "url": "https://twitter.com/netflix/status/1745150245010288813",
    "author_name": "Netflix",
    "author_url": "https://twitter.com/netflix",
    "html": '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Run Away is coming.'
    ' <a href="https://t.co/abc">pic.twitter.com/abc</a></p>&mdash; Netflix (@netflix) '
    '<a href="https://twitter.com/netflix/status/1745150245010288813">January 1, 2026</a>'
    '</blockquote>\n<script async src="https://platform.twitter.com/widgets.js"></script>'
    '<img src="https://evil.example/track.gif">',
    "width": 550,
    "height": None,
    "type": "rich",
    "cache_age": "3153600000",
    "provider_name": "Twitter",
    "provider_url": "https://twitter.com",
    "version": "1.0",
}


def jpeg_bytes(size=(480, 360), colour=(150, 30, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


class _Answer:
    def __init__(self, body, headers=None):
        self._body = io.BytesIO(body)
        self.status = 200
        self.headers = Message()
        for name, value in (headers or {}).items():
            self.headers[name] = value

    def read(self, size=-1):
        return self._body.read(size)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeNetwork:
    """URL (without its query) -> what the network does: bytes, a dict (JSON), an int (an HTTP
    error), or an exception to raise. `asked` lists every full URL asked for."""

    def __init__(self, routes=None):
        self.routes = dict(routes or {})
        self.asked = []

    def __call__(self, url, *, timeout):
        self.asked.append(url)
        parts = urlsplit(url)
        answer = self.routes.get(f"{parts.scheme}://{parts.netloc}{parts.path}")
        if answer is None:
            raise AssertionError(f"The test did not expect a request to {url}")
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(answer, int):
            raise urllib.error.HTTPError(url, answer, "error", Message(), io.BytesIO(b""))
        if isinstance(answer, dict):
            return _Answer(json.dumps(answer).encode(), {"Content-Type": "application/json"})
        if isinstance(answer, tuple):
            return _Answer(*answer)
        return _Answer(answer)

    def asked_for(self, url):
        """The `url` parameter of each oEmbed request made."""
        return [parse_qs(urlsplit(asked).query).get("url", [""])[0] for asked in self.asked]


def youtube_network(**overrides):
    routes = {
        "https://www.youtube.com/oembed": YOUTUBE_ANSWER,
        TRAILER_THUMBNAIL: jpeg_bytes(),
    }
    routes.update(overrides)
    return FakeNetwork(routes)


def embed_block(article, url=TRAILER_URL):
    """An embed block whose address has not been asked about yet."""
    return BlockFactory(article=article, kind=ArticleBlock.Kind.MEDIA_EMBED, text="", embed_url=url)


def stored_embed_block(article, *, url=TRAILER_URL, thumbnail=None, **data):
    """An embed block as a successful fetch leaves it (no network)."""
    from articles.embeds.providers import find

    provider = find(url)
    stored = {"url": url, "provider": provider.key, "type": "video", "title": "A trailer"}
    stored.update(data)
    return BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.MEDIA_EMBED,
        text="",
        embed_url=url,
        embed_data=stored,
        embed_thumbnail=thumbnail,
    )
