"""The embed block: allow-listed providers, fetched once at save, private until the click.

The network is a fake (tests/embeds.py) at the one place an embed fetches.
"""

import json

from django.contrib.messages import get_messages

import pytest

from articles.embeds import fetch, providers
from articles.embeds.services import article_embeds_fetch, embed_fetch
from images.models import Image
from tests.embeds import (
    TRAILER_THUMBNAIL,
    TRAILER_URL,
    X_ANSWER,
    YOUTUBE_ANSWER,
    FakeNetwork,
    embed_block,
    jpeg_bytes,
    youtube_network,
)
from tests.factories import ArticleFactory, library_image
from tests.workflow_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(monkeypatch):
    """The network as YouTube answers; tests change `network.routes` for other answers."""
    fake = youtube_network()
    monkeypatch.setattr(fetch, "open_url", fake)
    return fake


# --- The registry: which addresses are whose ------------------------------------------------


@pytest.mark.parametrize(
    ("url", "key", "item"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://x.com/netflix/status/1745150245010288813", "x", "1745150245010288813"),
        ("https://twitter.com/netflix/status/1745150245010288813", "x", "1745150245010288813"),
        ("https://www.instagram.com/p/C1a2b3c4d5e/", "instagram", "C1a2b3c4d5e"),
        ("https://www.instagram.com/reel/C1a2b3c4d5e/", "instagram", "C1a2b3c4d5e"),
        ("https://www.tiktok.com/@netflix/video/7312345678901234567", "tiktok", None),
        ("https://bsky.app/profile/netflix.com/post/3kabcde2xyz2a", "bluesky", "3kabcde2xyz2a"),
    ],
)
def test_each_providers_addresses_are_recognised(url, key, item):
    provider = providers.find(url)

    assert provider is not None and provider.key == key
    if item:
        assert provider.match(url)["id"] == item


def test_the_sites_own_articles_are_a_provider(settings):
    settings.SITE_URL = "https://marquee.example"

    assert providers.find("https://marquee.example/is-run-away-true/").key == "site"
    assert providers.find("https://marquee.example.evil.com/x/") is None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/channel/UC123",
        "javascript:alert(1)",
        "https://vimeo.com/about",
    ],
)
def test_an_unknown_address_is_refused_naming_every_allowed_provider(url):
    with pytest.raises(Exception) as refused:
        providers.validate_url(url)

    message = " ".join(refused.value.messages)
    for name in ("YouTube", "Vimeo", "X (Twitter)", "Instagram", "TikTok", "Bluesky"):
        assert name in message


def test_players_come_from_the_privacy_friendly_hosts():
    youtube = providers.find(TRAILER_URL)
    vimeo = providers.find("https://vimeo.com/76979871")

    assert youtube.player_url("https://youtu.be/dQw4w9WgXcQ") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert vimeo.player_url("https://vimeo.com/76979871") == (
        "https://player.vimeo.com/video/76979871?dnt=1"
    )
    assert vimeo.player_url("https://vimeo.com/76979871/a1b2c3d4e5") == (
        "https://player.vimeo.com/video/76979871?dnt=1&h=a1b2c3d4e5"
    )


# --- Saving: fetched once, never blocking ----------------------------------------------------


# Committed for real, as in production: the fetch runs when the admin's transaction ends.
@pytest.mark.django_db(transaction=True)
def test_saving_an_embed_stores_its_description_and_picture_once(client, editor, network):
    article = ArticleFactory(authors=[editor])
    client.force_login(editor)
    new_block = {"position": 1, "kind": "media_embed", "embed_url": TRAILER_URL}

    response = client.post(
        change_url(article), article_form_data(article, blocks=[new_block]), follow=True
    )

    assert response.status_code == 200
    block = article.blocks.get()
    assert block.embed_data["title"] == "Run Away | Official Trailer | Netflix"
    assert block.embed_data["author_name"] == "Netflix"
    picture = block.embed_thumbnail
    assert picture.alt == "Run Away | Official Trailer | Netflix"
    assert picture.credit == "YouTube / Netflix"
    assert (picture.width, picture.height) == (480, 360)
    # Only the registered endpoint (with the address as a parameter) and the thumbnail.
    assert [asked.split("?")[0] for asked in network.asked] == [
        "https://www.youtube.com/oembed",
        TRAILER_THUMBNAIL,
    ]
    assert network.asked_for(TRAILER_URL)[0] == TRAILER_URL
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(
        sentence.startswith("Embedded from YouTube: “Run Away | Official Trailer | Netflix”.")
        for sentence in said
    )

    # Saved again unchanged: nothing is fetched again.
    client.post(change_url(article), article_form_data(article))
    assert len(network.asked) == 2
    assert Image.objects.count() == 1


def test_an_address_of_an_unknown_provider_is_a_form_error_and_saves_nothing(
    client, editor, network
):
    article = ArticleFactory(authors=[editor])
    client.force_login(editor)
    new_block = {"position": 1, "kind": "media_embed", "embed_url": "https://example.com/v/1"}

    response = client.post(change_url(article), article_form_data(article, blocks=[new_block]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "This address cannot be embedded" in page
    assert "YouTube, Vimeo, X (Twitter), Instagram, TikTok, Bluesky or Marquee" in page
    assert not article.blocks.exists()
    assert network.asked == []


# Committed for real, as in production: the fetch runs when the admin's transaction ends.
@pytest.mark.django_db(transaction=True)
def test_a_provider_that_does_not_answer_never_blocks_the_save(client, editor, network):
    network.routes["https://www.youtube.com/oembed"] = TimeoutError("timed out")
    article = ArticleFactory(authors=[editor])
    client.force_login(editor)
    new_block = {"position": 1, "kind": "media_embed", "embed_url": TRAILER_URL}

    response = client.post(
        change_url(article), article_form_data(article, blocks=[new_block]), follow=True
    )

    block = article.blocks.get()
    assert block.embed_url == TRAILER_URL
    assert block.embed_thumbnail is None
    warning = "YouTube did not answer in time: the embed shows as a link until you save again."
    assert warning in [str(message) for message in get_messages(response.wsgi_request)]
    # The writing aids say so whenever the article is opened again.
    page = client.get(change_url(article)).content.decode()
    assert 'id="mq-embed-problems"' in page
    assert "YouTube did not answer in time" in page

    # Saving again asks again, and this time it works.
    network.routes["https://www.youtube.com/oembed"] = YOUTUBE_ANSWER
    client.post(change_url(article), article_form_data(article))
    block.refresh_from_db()
    assert block.embed_data["title"] == "Run Away | Official Trailer | Netflix"
    assert "error" not in block.embed_data


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (TimeoutError("timed out"), "YouTube did not answer in time"),
        (OSError("connection refused"), "YouTube did not answer"),
        (404, "YouTube does not know this address (404"),
        (401, "YouTube refused to describe it (401"),
        (302, "YouTube answered with a redirect (302), which is not followed"),
        (b"<html>Not JSON</html>", "not an oEmbed description"),
        (b'["a list"]', "not an oEmbed description"),
        (b"x" * (300 * 1024), "YouTube sent more than 256 KB"),
    ],
)
def test_a_failed_description_is_stored_with_its_reason(network, answer, reason):
    network.routes["https://www.youtube.com/oembed"] = answer
    block = embed_block(ArticleFactory())

    data = embed_fetch(block=block)

    block.refresh_from_db()
    assert reason in block.embed_data["error"]
    assert data == block.embed_data
    assert block.embed.mode == "link"
    assert block.embed_thumbnail is None


def test_a_thumbnail_too_large_is_refused_and_the_title_kept(network, settings):
    settings.MAX_UPLOAD_MB = 1
    network.routes[TRAILER_THUMBNAIL] = b"\xff" * (1024 * 1024 + 10)
    block = embed_block(ArticleFactory())

    embed_fetch(block=block)

    block.refresh_from_db()
    assert block.embed_data["title"] == "Run Away | Official Trailer | Netflix"
    assert "YouTube sent more than 1024 KB" in block.embed_data["picture_error"]
    assert block.embed_thumbnail is None
    assert not Image.objects.exists()


def test_a_thumbnail_that_is_not_a_picture_is_refused_by_the_upload_gate(network):
    network.routes[TRAILER_THUMBNAIL] = b"<script>alert(1)</script>"
    block = embed_block(ArticleFactory())

    embed_fetch(block=block)

    block.refresh_from_db()
    assert "this file is not one" in block.embed_data["picture_error"]
    assert not Image.objects.exists()


def test_a_thumbnail_on_an_unknown_host_is_never_fetched(network):
    answer = {**YOUTUBE_ANSWER, "thumbnail_url": "https://169.254.169.254/latest/meta-data"}
    network.routes["https://www.youtube.com/oembed"] = answer
    block = embed_block(ArticleFactory())

    embed_fetch(block=block)

    block.refresh_from_db()
    assert "not one of its hosts" in block.embed_data["picture_error"]
    assert all("169.254" not in asked for asked in network.asked)


def test_a_thumbnail_over_plain_http_is_never_fetched(network):
    answer = {**YOUTUBE_ANSWER, "thumbnail_url": "http://i.ytimg.com/vi/x/hqdefault.jpg"}
    network.routes["https://www.youtube.com/oembed"] = answer
    block = embed_block(ArticleFactory())

    embed_fetch(block=block)

    assert network.asked == [network.asked[0]]
    assert "not one of its hosts" in block.embed_data["picture_error"]


def test_instagram_without_an_access_token_says_what_is_missing(network, settings):
    settings.INSTAGRAM_OEMBED_TOKEN = ""
    block = embed_block(ArticleFactory(), "https://www.instagram.com/p/C1a2b3c4d5e/")

    embed_fetch(block=block)

    assert "INSTAGRAM_OEMBED_TOKEN is not set" in block.embed_data["error"]
    assert network.asked == []


def test_a_posts_html_is_kept_without_script_image_or_style(network):
    network.routes["https://publish.twitter.com/oembed"] = X_ANSWER
    url = "https://x.com/netflix/status/1745150245010288813"
    block = embed_block(ArticleFactory(), url)

    embed_fetch(block=block)

    html = block.embed_data["html"]
    assert html.startswith('<blockquote class="twitter-tweet">')
    assert "<script" not in html and "<img" not in html and "evil.example" not in html
    # X is asked to leave its script out: it is loaded after the click only.
    assert "omit_script=1" in network.asked[0]


def test_an_article_of_the_site_itself_is_described_without_the_network(network, settings):
    settings.SITE_URL = "http://testserver"
    hero = library_image("hero.png", size=(40, 30), alt="A park")
    target = ArticleFactory(published=True, title="Is Run Away true?", hero_image=hero)
    block = embed_block(ArticleFactory(), f"http://testserver{target.get_absolute_url()}")

    embed_fetch(block=block)

    assert network.asked == []
    assert block.embed_data["title"] == "Is Run Away true?"
    assert block.embed_thumbnail == hero
    assert block.embed.is_card


def test_a_draft_of_the_site_is_not_described(network, settings):
    settings.SITE_URL = "http://testserver"
    draft = ArticleFactory(title="Secret draft")
    block = embed_block(ArticleFactory(), f"http://testserver{draft.get_absolute_url()}")

    embed_fetch(block=block)

    assert "no published article or quote there" in block.embed_data["error"]
    assert "Secret draft" not in json.dumps(block.embed_data)


def test_fetching_refreshes_the_article_for_readers_and_search(
    network, client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True)
    embed_block(article)
    client.get(article.get_absolute_url())  # stored in the page cache

    with django_capture_on_commit_callbacks(execute=True):
        article_embeds_fetch(article=article)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Run Away | Official Trailer | Netflix" in page


def test_a_jpeg_thumbnail_is_reencoded_through_the_upload_gate(network):
    network.routes[TRAILER_THUMBNAIL] = jpeg_bytes(size=(640, 480)) + b"<html>appended</html>"
    block = embed_block(ArticleFactory())

    embed_fetch(block=block)

    block.refresh_from_db()
    with block.embed_thumbnail.file.open("rb") as stored:
        assert b"appended" not in stored.read()


@pytest.mark.parametrize(
    "url", ["ftp://i.ytimg.com/x.jpg", "http://i.ytimg.com/x.jpg", "https://ytimg.com.evil/x"]
)
def test_only_https_to_a_known_host_is_ever_asked(monkeypatch, url):
    network = FakeNetwork()
    monkeypatch.setattr(fetch, "open_url", network)

    with pytest.raises(fetch.FetchError, match="not one of its hosts"):
        fetch.get(url, hosts=("i.ytimg.com",), max_bytes=10, who="YouTube")
    assert network.asked == []


def test_a_save_asks_providers_for_a_bounded_time_and_leaves_the_rest_for_the_next(network):
    article = ArticleFactory()
    first, second = embed_block(article), embed_block(article, "https://youtu.be/dQw4w9WgXcQ")

    fetched = article_embeds_fetch(article=article, budget=0)

    assert network.asked == []
    assert [problem for _block, problem in fetched] == [
        "Not asked yet (this save spent its 0 seconds on other embeds): the embed shows as a "
        "link until you save again."
    ] * 2
    article_embeds_fetch(article=article)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.embed_data["title"] == second.embed_data["title"] != ""
