"""The embed block as readers see it: the library's picture and the title until the click,
the player's host allowed on that page only, VideoObject for videos, links elsewhere.

The network is a fake (tests/embeds.py) at the one place an embed fetches.
"""

import json
import re

import pytest

from articles.embeds import fetch
from articles.embeds.services import article_embeds_fetch
from articles.models import ArticleBlock
from tests.embeds import (
    TRAILER_URL,
    VIMEO_ANSWER,
    X_ANSWER,
    embed_block,
    stored_embed_block,
    youtube_network,
)
from tests.factories import ArticleFactory, BlockFactory, library_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(monkeypatch):
    fake = youtube_network()
    monkeypatch.setattr(fetch, "open_url", fake)
    return fake


def _sources(page):
    return re.findall(r'\b(?:src|srcset|href)="([^"]+)"', page)


def test_readers_see_the_local_picture_and_nothing_from_the_provider(client, network):
    article = ArticleFactory(published=True)
    embed_block(article)
    article_embeds_fetch(article=article)

    response = client.get(article.get_absolute_url())

    page = response.content.decode()
    assert 'class="embed__facade" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in page
    assert "Run Away | Official Trailer | Netflix" in page
    assert "<iframe" not in page and "preconnect" not in page
    loaded = [
        url
        for url in _sources(page)
        if not url.startswith(("/", "#", "?")) and "youtube.com/watch" not in url
    ]
    assert [url for url in loaded if "youtube" in url or "ytimg" in url] == []
    assert 'data-embed-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    picture = article.blocks.get().embed_thumbnail
    assert picture.file.url.rsplit(".", 1)[0].rsplit("/", 1)[1] in page
    # The player's host may be framed on this page only, after the click.
    policy = response["Content-Security-Policy"]
    assert "frame-src 'self' https://www.youtube-nocookie.com" in policy
    assert "youtube" not in client.get("/").get("Content-Security-Policy", "")


def test_the_policy_for_the_player_survives_the_page_cache(client, network):
    article = ArticleFactory(published=True)
    embed_block(article)
    article_embeds_fetch(article=article)

    client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url() + "?utm_source=x")

    assert "https://www.youtube-nocookie.com" in again["Content-Security-Policy"]


def test_a_post_is_kept_inert_until_the_click_and_its_script_allowed(client, network):
    network.routes["https://publish.twitter.com/oembed"] = X_ANSWER
    article = ArticleFactory(published=True)
    embed_block(article, "https://x.com/netflix/status/1745150245010288813")
    article_embeds_fetch(article=article)

    response = client.get(article.get_absolute_url())

    page = response.content.decode()
    assert '<template class="embed__html"><blockquote class="twitter-tweet">' in page
    assert 'data-embed-script="https://platform.twitter.com/widgets.js"' in page
    # A post has no title: readers read whose it is, and a button that says what it does.
    assert "Post by Netflix" in page and "Show the post" in page
    assert "script-src 'self' https://platform.twitter.com" in response["Content-Security-Policy"]


def test_an_embed_not_fetched_is_a_plain_link(client):
    article = ArticleFactory(published=True)
    block = embed_block(article)
    ArticleBlock.objects.filter(pk=block.pk).update(
        embed_data={"url": TRAILER_URL, "provider": "youtube", "error": "YouTube did not answer"}
    )

    page = client.get(article.get_absolute_url()).content.decode()

    assert f'<a href="{TRAILER_URL}" rel="noopener">{TRAILER_URL}</a>' in page
    assert "YouTube did not answer" not in page
    assert "embeds.js" not in page


def test_a_video_is_a_video_object_with_the_local_thumbnail(client, settings):
    settings.SITE_URL = "https://marquee.example"
    article = ArticleFactory(published=True)
    picture = library_image("trailer.png", size=(48, 36), alt="Trailer")
    stored_embed_block(
        article,
        url="https://vimeo.com/76979871",
        thumbnail=picture,
        title=VIMEO_ANSWER["title"],
        description=VIMEO_ANSWER["description"],
        upload_date="2024-01-02",
    )

    page = client.get(article.get_absolute_url()).content.decode()

    found = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))
    video = next(item for item in found if item["@type"] == "VideoObject")
    assert video == {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": "Behind the scenes of Run Away",
        "description": "How the park scenes were shot.",
        "thumbnailUrl": [f"https://marquee.example{picture.file.url}"],
        "uploadDate": "2024-01-02",
        "embedUrl": "https://player.vimeo.com/video/76979871?dnt=1",
        "contentUrl": "https://vimeo.com/76979871",
    }


def test_a_post_is_no_video_object(client, network):
    network.routes["https://publish.twitter.com/oembed"] = X_ANSWER
    article = ArticleFactory(published=True)
    embed_block(article, "https://x.com/netflix/status/1745150245010288813")
    article_embeds_fetch(article=article)

    page = client.get(article.get_absolute_url()).content.decode()

    assert "VideoObject" not in page


def test_feeds_never_carry_the_providers_html(client, network):
    network.routes["https://publish.twitter.com/oembed"] = X_ANSWER
    article = ArticleFactory(published=True)
    embed_block(article, "https://x.com/netflix/status/1745150245010288813")
    article_embeds_fetch(article=article)

    feed = client.get("/feed/").content.decode()

    assert article.title in feed
    assert "twitter-tweet" not in feed and "platform.twitter.com" not in feed


def test_the_embeds_title_is_searched_and_quotable(client, network):
    article = ArticleFactory(published=True, title="An explainer")
    block = embed_block(article)
    article_embeds_fetch(article=article)
    block.refresh_from_db()

    assert block.public_text == "Run Away | Official Trailer | Netflix"
    assert block.excerpt == "Run Away | Official Trailer | Netflix"
    response = client.get("/search/", {"q": "official trailer"})
    assert "An explainer" in response.content.decode()


def test_an_embed_block_needs_its_address():
    article = ArticleFactory()

    with pytest.raises(Exception, match="block_media_embed_shape|CHECK constraint"):
        BlockFactory(article=article, kind=ArticleBlock.Kind.MEDIA_EMBED, text="", embed_url="")


def test_a_stored_block_never_fetches_per_page_view(client, monkeypatch):
    def no_network(url, *, timeout):
        raise AssertionError("A page view fetched " + url)

    monkeypatch.setattr(fetch, "open_url", no_network)
    article = ArticleFactory(published=True)
    stored_embed_block(article, thumbnail=library_image("t.png", alt="A trailer"))

    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 200


def test_the_page_is_purged_when_its_embeds_picture_changes_in_the_library():
    from articles.models import Article
    from core.pagecache import key

    article = ArticleFactory(published=True)
    picture = library_image("t.png", alt="A trailer")
    stored_embed_block(article, thumbnail=picture)

    loaded = Article.objects.for_detail().get(pk=article.pk)

    assert key(picture) in loaded.page_keys()
