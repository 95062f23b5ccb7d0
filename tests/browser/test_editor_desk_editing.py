"""An editor reorders blocks by dragging, is warned before leaving, gets the autosave back."""

from django.test import Client

import pytest
from playwright.sync_api import expect

from articles.models import Article, ArticleAutosave
from tests.browser.conftest import SHOTS_ROOT
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    CreditFactory,
    HeadingBlockFactory,
    PersonFactory,
    ProductionFactory,
)

SHOTS = SHOTS_ROOT / "editor-editing"


@pytest.fixture
def signed_in_page(page, live_server, role_user):
    """The browser signed in as an editor (the session of a test client, no login form)."""
    editor = role_user("Editor", username="eda")
    client = Client()
    client.force_login(editor)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    return page


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


def test_editor_drags_a_block_and_the_order_is_saved(signed_in_page, live_server):
    page = signed_in_page
    article = ArticleFactory(title="Fool Me Once ending explained", slug="fool-me-once-ending")
    first = HeadingBlockFactory(article=article, position=1, heading="Who killed Joe")
    second = HeadingBlockFactory(article=article, position=2, heading="The twist")
    third = HeadingBlockFactory(article=article, position=3, heading="The last scene")

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    shot(page, "change-form-1280.png")
    ArticleFactory(slug="run-away-true-story").tags.add("Netflix")
    page.locator("#id_tags").press_sequentially("net")
    # Existing tags are suggested as the editor types (whatever the capitals).
    expect(page.locator("#mq-tag-suggestions option")).to_have_count(1)
    expect(page.locator("#mq-tag-suggestions option")).to_have_attribute("value", "Netflix, ")
    page.locator("#id_tags").fill("netflix")

    page.locator("#blocks-2 h3").drag_to(page.locator("#blocks-0 h3"))
    expect(page.locator("#id_blocks-2-position")).to_have_value("1")
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert [block.pk for block in article.blocks.all()] == [third.pk, first.pk, second.pk]
    assert list(article.tags.names()) == ["Netflix"]
    # The first title bar names the block dragged to the top by its own words.
    expect(page.locator("#blocks-group h3").first).to_contain_text("The last scene")


def test_editor_is_warned_on_leaving_and_gets_the_autosave_back(signed_in_page, live_server):
    page = signed_in_page
    article = ArticleFactory(published=True, slug="run-away-true-story", standfirst="Old words.")
    BlockFactory(article=article, position=1, text="<p>One two three four five.</p>")
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    before = int(page.locator("#mq-word-count").inner_text())

    page.locator("#id_standfirst").fill("Old words and seven more new words typed here.")
    assert errors == []
    expect(page.locator("#mq-word-count")).to_have_text(str(before + 7))
    page.locator("#id_seo_title").fill("Is Run Away a true story? What Harlan Coben took from life")
    expect(page.locator("#mq-preview-title")).to_contain_text("Is Run Away a true story?")
    expect(page.locator("[data-counter-for=id_seo_title] .mq-counter__count")).to_have_text("58")
    expect(page.locator("#mq-autosave")).to_contain_text("Autosaved at", timeout=15000)
    shot(page, "change-form-writing-aids.png")
    article.refresh_from_db()
    assert article.standfirst == "Old words."  # readers still see the saved article

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto(f"{live_server.url}/admin/articles/article/")
    assert dialogs == ["beforeunload"]

    page.goto(url)
    expect(page.locator(".mq-autosave-offer")).to_contain_text("is newer than this article")
    shot(page, "change-form-autosave-offer.png")
    page.click("text=Restore")
    expect(page.locator("#id_standfirst")).to_have_value(
        "Old words and seven more new words typed here."
    )
    expect(page.locator(".mq-autosave-offer--restored")).to_be_visible()
    assert Article.objects.get(pk=article.pk).standfirst == "Old words."

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert Article.objects.get(pk=article.pk).standfirst.startswith("Old words and seven")
    assert not ArticleAutosave.objects.filter(article=article).exists()


def test_the_person_and_article_forms_fit_a_1280_pixel_screen(signed_in_page, live_server):
    page = signed_in_page
    person = PersonFactory(name="Harlan Coben", slug="harlan-coben")
    for number in range(3):
        production = ProductionFactory(title=f"Fool Me Once, part {number}", slug=f"fmo-{number}")
        CreditFactory(person=person, production=production, character_name="Himself")
    article = ArticleFactory(slug="fool-me-once-ending")
    HeadingBlockFactory(article=article, position=1, heading="Who killed Joe")

    for url, name in [
        (f"/admin/people/person/{person.pk}/change/", "person-form-1280.png"),
        (f"/admin/productions/production/{production.pk}/change/", "production-form-1280.png"),
        (f"/admin/articles/article/{article.pk}/change/", "article-form-top-1280.png"),
    ]:
        page.goto(live_server.url + url)
        page.screenshot(path=SHOTS / name, full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{url} is {width} px wide"
