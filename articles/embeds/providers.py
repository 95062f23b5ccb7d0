"""The providers an embed block accepts: a small registry, one entry per provider.

Each `Provider` says which addresses are its own (URL patterns), where its oEmbed
description is asked for (the only address Marquee ever fetches for it), which hosts its
thumbnails may come from, what readers load after their click (a player on the provider's
privacy-friendly host, or its stored HTML and script) and whether it is a video. Nothing
outside this module knows a provider by name; the site's own articles and quotes are the
last provider, answered in-process by the oEmbed view (`register_own_site`).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Provider:
    """One allow-listed provider: what editors may paste, and what it costs readers to play."""

    key: str
    name: str
    #: Regular expressions an address must match in full; the named group `id` is the item.
    patterns: tuple
    #: The oEmbed endpoint (https, asked with `?url=…&format=json`); None: answered in-process.
    endpoint: str | None
    #: Hosts (or parent domains) its thumbnails may be downloaded from.
    thumbnail_hosts: tuple = ()
    #: The player readers get after their click, from the privacy-friendly host: a template
    #: filled with the address's named groups. None: the stored HTML and `script` instead.
    player: str | None = None
    #: The provider's embed script, loaded after the click with its stored HTML.
    script: str | None = None
    #: Hosts of the frames its player or script opens (the article page's frame-src).
    frames: tuple = ()
    is_video: bool = False
    #: The setting holding an access token its endpoint needs, if any.
    token_setting: str = ""
    #: Extra query parameters its endpoint is asked with.
    parameters: dict = field(default_factory=dict)

    def match(self, url):
        """The named groups of `url` if it is one of this provider's addresses, else None."""
        for pattern in self.patterns:
            found = re.fullmatch(pattern, url)
            if found:
                return {name: value or "" for name, value in found.groupdict().items()}
        return None

    def player_url(self, url):
        """The address of the player readers load after their click, or ''."""
        groups = self.match(url)
        if not self.player or groups is None:
            return ""
        # An unlisted Vimeo video's address carries its hash; a public one has none.
        return self.player.format(**groups).removesuffix("&h=")

    def origin_hosts(self):
        """script-src and frame-src sources the article page needs for this provider."""
        scripts = [_origin(self.script)] if self.script else []
        # frame-src is not in the site's policy (default-src 'self' covers it): keep 'self'.
        return {"script-src": scripts, "frame-src": ["'self'", *self.frames]}


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


_ANY_QUERY = r"(?:[?#].*)?"
_YOUTUBE_ID = r"(?P<id>[\w-]{11})"

PROVIDERS = (
    Provider(
        key="youtube",
        name="YouTube",
        patterns=(
            rf"https?://(?:www\.|m\.)?youtube\.com/watch\?(?:.*&)?v={_YOUTUBE_ID}(?:[&#].*)?",
            rf"https?://youtu\.be/{_YOUTUBE_ID}{_ANY_QUERY}",
            rf"https?://(?:www\.|m\.)?youtube\.com/(?:shorts|embed|live)/{_YOUTUBE_ID}{_ANY_QUERY}",
        ),
        endpoint="https://www.youtube.com/oembed",
        thumbnail_hosts=("i.ytimg.com", "img.youtube.com"),
        player="https://www.youtube-nocookie.com/embed/{id}",
        frames=("https://www.youtube-nocookie.com",),
        is_video=True,
    ),
    Provider(
        key="vimeo",
        name="Vimeo",
        patterns=(
            r"https?://(?:www\.)?vimeo\.com/(?:channels/[\w-]+/)?(?P<id>\d+)"
            rf"(?:/(?P<hash>[0-9a-f]+))?{_ANY_QUERY}",
            rf"https?://player\.vimeo\.com/video/(?P<id>\d+){_ANY_QUERY}",
        ),
        endpoint="https://vimeo.com/api/oembed.json",
        thumbnail_hosts=("i.vimeocdn.com",),
        # dnt=1: Vimeo's player sets no cookies and keeps no session data.
        player="https://player.vimeo.com/video/{id}?dnt=1&h={hash}",
        frames=("https://player.vimeo.com",),
        is_video=True,
    ),
    Provider(
        key="x",
        name="X (Twitter)",
        patterns=(
            r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<user>\w{1,15})/status/"
            rf"(?P<id>\d+){_ANY_QUERY}",
        ),
        endpoint="https://publish.twitter.com/oembed",
        thumbnail_hosts=("pbs.twimg.com",),
        script="https://platform.twitter.com/widgets.js",
        frames=("https://platform.twitter.com",),
        # Its script is loaded after the click only: the stored HTML must not load it again.
        parameters={"omit_script": "1", "dnt": "true"},
    ),
    Provider(
        key="instagram",
        name="Instagram",
        patterns=(
            rf"https?://(?:www\.)?instagram\.com/(?:[\w.]+/)?(?:p|reel|tv)/(?P<id>[\w-]+)/?{_ANY_QUERY}",
        ),
        endpoint="https://graph.facebook.com/v19.0/instagram_oembed",
        thumbnail_hosts=("cdninstagram.com", "fbcdn.net"),
        script="https://www.instagram.com/embed.js",
        frames=("https://www.instagram.com",),
        token_setting="INSTAGRAM_OEMBED_TOKEN",
        parameters={"omitscript": "true"},
    ),
    Provider(
        key="tiktok",
        name="TikTok",
        patterns=(
            rf"https?://(?:www\.|m\.)?tiktok\.com/@(?P<user>[\w.-]+)/video/(?P<id>\d+){_ANY_QUERY}",
        ),
        endpoint="https://www.tiktok.com/oembed",
        thumbnail_hosts=("tiktokcdn.com", "tiktokcdn-us.com", "tiktokcdn-eu.com"),
        script="https://www.tiktok.com/embed.js",
        frames=("https://www.tiktok.com",),
        is_video=True,
    ),
    Provider(
        key="bluesky",
        name="Bluesky",
        patterns=(rf"https?://bsky\.app/profile/(?P<user>[\w.:-]+)/post/(?P<id>\w+){_ANY_QUERY}",),
        endpoint="https://embed.bsky.app/oembed",
        thumbnail_hosts=("cdn.bsky.app",),
        script="https://embed.bsky.app/static/embed.js",
        frames=("https://embed.bsky.app",),
    ),
)

#: The site's own articles and quotes: described in-process, never fetched over the network.
OWN_SITE_KEY = "site"
_own_site_answer = None


def register_own_site(answer):
    """`answer(url)` -> the site's oEmbed description of one of its pages (a dict, with an
    "image": its library picture, if any), or raises LookupError; set by the api app."""
    global _own_site_answer
    _own_site_answer = answer
    return answer


def own_site_answer(url):
    if _own_site_answer is None:
        raise LookupError(f"{settings.SITE_NAME} cannot describe its own pages here.")
    return _own_site_answer(url)


def own_site():
    """The provider for this site's own pages (SITE_URL's host, over http or https)."""
    host = re.escape(urlsplit(settings.SITE_URL).netloc)
    return Provider(
        key=OWN_SITE_KEY,
        name=settings.SITE_NAME,
        patterns=(rf"https?://{host}/(?P<id>.+)",),
        endpoint=None,
    )


def providers():
    """Every allow-listed provider, in the order editors read them."""
    return (*PROVIDERS, own_site())


def by_key(key):
    return next((provider for provider in providers() if provider.key == key), None)


def find(url):
    """The provider whose address `url` is, or None."""
    url = (url or "").strip()
    return next((provider for provider in providers() if provider.match(url) is not None), None)


def allowed_names():
    """ "YouTube, Vimeo, … or Marquee" for messages."""
    names = [provider.name for provider in providers()]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def validate_url(url):
    """The form's rule: only an address of an allow-listed provider can be embedded."""
    if find(url) is None:
        raise ValidationError(
            "This address cannot be embedded: paste the address of a post or video on "
            f"{allowed_names()} (for {settings.SITE_NAME}, an article or quote page).",
            code="unknown_provider",
        )


def host_allowed(host, hosts):
    """Whether `host` is one of `hosts` or below one of them (i.ytimg.com, *.fbcdn.net)."""
    host = (host or "").lower().rstrip(".")
    return any(host == allowed or host.endswith(f".{allowed}") for allowed in hosts)
