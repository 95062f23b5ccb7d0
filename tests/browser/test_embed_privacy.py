"""A reader opens an explainer with a YouTube trailer: nothing is asked of anyone but this
site until they click play; then the player comes from youtube-nocookie.com. Without
JavaScript the trailer is a link to YouTube."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS_ROOT
from tests.embeds import TRAILER_URL, jpeg_bytes, stored_embed_block
from tests.factories import ArticleFactory, BlockFactory, ImageFactory

pytestmark = pytest.mark.browser

SHOTS = SHOTS_ROOT / "embeds"
NOCOOKIE = re.compile(r"^https://www\.youtube-nocookie\.com/")
ANYWHERE_ELSE = re.compile(r"^https?://(?!127\.0\.0\.1|localhost)")


@pytest.fixture
def trailer(transactional_db, media_root):
    from django.core.files.base import ContentFile

    article = ArticleFactory(
        published=True, title="Is Run Away a true story?", slug="is-run-away-a-true-story"
    )
    BlockFactory(article=article, position=0, text="<p>First, the trailer.</p>")
    picture = ImageFactory(
        file=ContentFile(jpeg_bytes(size=(640, 360)), name="trailer.jpg"),
        alt="Run Away | Official Trailer | Netflix",
        credit="YouTube / Netflix",
    )
    stored_embed_block(
        article,
        title="Run Away | Official Trailer | Netflix",
        author_name="Netflix",
        thumbnail=picture,
        position=1,
    )
    return article


def test_no_third_party_request_before_the_click_and_the_privacy_player_after(
    page, live_server, trailer
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    asked, refused = [], []
    page.on("request", lambda request: asked.append(request.url))
    page.on("console", lambda message: refused.append(message.text))
    # No real network: the player's request is seen, then stopped here.
    page.route(ANYWHERE_ELSE, lambda route: route.abort())
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}{trailer.get_absolute_url()}")
    page.wait_for_load_state("networkidle")

    facade = page.locator(".embed__facade")
    expect(facade).to_contain_text("Run Away | Official Trailer | Netflix")
    expect(facade.locator("img")).to_be_visible()
    assert [url for url in asked if not url.startswith(live_server.url)] == []
    page.locator(".block--media_embed").screenshot(path=SHOTS / "before-click.png")

    with page.expect_request(NOCOOKIE) as player:
        facade.click()

    assert player.value.url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    frame = page.locator("iframe.embed__frame")
    expect(frame).to_have_attribute("src", player.value.url)
    expect(frame).to_have_attribute("title", "Run Away | Official Trailer | Netflix")
    foreign = [url for url in asked if not url.startswith(live_server.url)]
    assert foreign and all(NOCOOKIE.match(url) for url in foreign)
    # The page's policy let the player's frame in (no "Refused to frame" in the console).
    assert not [text for text in refused if "Content Security Policy" in text]


def test_without_javascript_the_trailer_is_a_link_to_the_original(browser, live_server, trailer):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.route(ANYWHERE_ELSE, lambda route: route.abort())

    page.goto(f"{live_server.url}{trailer.get_absolute_url()}")

    link = page.get_by_role("link", name=re.compile("Run Away . Official Trailer"))
    expect(link).to_have_attribute("href", TRAILER_URL)
    assert [url for url in asked if not url.startswith(live_server.url)] == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "no-javascript-390.png", full_page=True)
    with page.expect_request(TRAILER_URL):
        link.click()
    context.close()
