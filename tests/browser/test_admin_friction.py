"""The admin's small frictions, as an editor meets them in a browser: the focal-point marker
where the click was, block titles and kind fields, ▲ ▼ moves without a save, and the word
count after Restore."""

import re

from django.test import Client

import pytest
from playwright.sync_api import expect

from articles.autosave import article_autosave_store
from articles.models import ArticleBlock
from tests.admin_forms import admin_form_data
from tests.browser.conftest import SHOTS_ROOT
from tests.factories import ArticleFactory, BlockFactory, HeadingBlockFactory, library_image

pytestmark = pytest.mark.browser

SHOTS = SHOTS_ROOT / "admin-friction"


def sign_in(page, live_server, user):
    SHOTS.mkdir(parents=True, exist_ok=True)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def centre(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


# == 1. The focal-point marker is drawn where the editor clicked ==========================


@pytest.mark.parametrize("width", [1280, 760])
def test_the_focal_point_marker_is_drawn_where_the_editor_clicked(page, live_server, editor, width):
    picture = library_image(name="lake.png", size=(1600, 900), alt="The lake at night")
    errors = sign_in(page, live_server, editor)
    # Short enough that the picture is reached by scrolling.
    page.set_viewport_size({"width": width, "height": 600})
    page.goto(f"{live_server.url}/admin/images/image/{picture.pk}/change/")

    image = page.locator(".mq-focal__image")
    marker = page.locator(".mq-focal__marker")
    image.scroll_into_view_if_needed()
    # Scrolled at once (a wheel scrolls later, after the picture's place has been read).
    page.evaluate("window.scrollBy({top: 120, behavior: 'instant'})")
    for across, down in [(0.8, 0.3), (0.12, 0.88), (0.5, 0.5)]:
        box = image.bounding_box()
        x, y = box["x"] + box["width"] * across, box["y"] + box["height"] * down
        page.mouse.click(x, y)
        marker_x, marker_y = centre(marker)
        assert abs(marker_x - x) <= 2 and abs(marker_y - y) <= 2, (across, down)
        expect(page.locator("#id_focal_x")).to_have_value(str(round(across * 100)))
        expect(page.locator("#id_focal_y")).to_have_value(str(round(down * 100)))
    page.screenshot(path=SHOTS / f"focal-point-{width}.png")

    # Opened again, the stored point is drawn on the picture, wherever the page is scrolled.
    page.click("input[name=_continue]")
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    marker_x, marker_y = centre(marker)
    assert abs(marker_x - (box["x"] + box["width"] * 0.5)) <= 2
    assert abs(marker_y - (box["y"] + box["height"] * 0.5)) <= 2
    assert errors == []


# == 3 and 4. Block titles, and a new block's fields ======================================


def test_title_bars_follow_what_is_typed_and_a_new_block_shows_only_its_kinds_fields(
    page, live_server, editor
):
    article = ArticleFactory(title="Missing You ending explained")
    HeadingBlockFactory(article=article, position=1, heading="Who took Josh?")
    errors = sign_in(page, live_server, editor)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    first = page.locator("#blocks-0")
    expect(first.locator(".mq-block-bar__title")).to_have_text("Who took Josh?")
    first.locator("input[id$='-heading']").fill("Who took Josh, and why")
    expect(first.locator(".mq-block-bar__title")).to_have_text("Who took Josh, and why")

    page.locator("#blocks-group .add-row a").click()
    new = page.locator("#blocks-1")
    expect(new.locator(".mq-block-bar__kind")).to_have_text("New block")
    # Before a kind is chosen, only the kind select shows.
    expect(new.locator("select[id$='-kind']")).to_be_visible()
    assert new.locator("fieldset.mq-kinds:visible").count() == 0
    new.scroll_into_view_if_needed()
    new.screenshot(path=SHOTS / "new-block-before-a-kind.png")

    new.locator("select[id$='-kind']").select_option("fact_fiction")
    visible = new.locator("fieldset.mq-kinds:visible")
    expect(visible).to_have_count(1)
    expect(new.locator("input[id$='-claim']")).to_be_visible()
    expect(new.locator("input[id$='-heading']")).to_be_hidden()
    new.locator("input[id$='-claim']").fill("Kat's father was killed by a hitman")
    expect(new.locator(".mq-block-bar__kind")).to_have_text("Fact vs fiction")
    expect(new.locator(".mq-block-bar__title")).to_have_text("Kat's father was killed by a hitman")
    new.screenshot(path=SHOTS / "new-block-fact-vs-fiction.png")

    new.locator("select[id$='-kind']").select_option("heading")
    expect(new.locator("input[id$='-claim']")).to_be_hidden()
    expect(new.locator("input[id$='-heading']")).to_be_visible()
    assert errors == []


# == 2. ▲ ▼ move one place in the page, saving nothing ====================================


def test_arrows_move_a_block_one_place_in_the_page_and_save_only_on_save(page, live_server, editor):
    article = ArticleFactory(title="Fool Me Once ending explained")
    intro = BlockFactory(article=article, position=1, text="<p>The opening paragraph.</p>")
    middle = HeadingBlockFactory(article=article, position=2, heading="Who killed Joe")
    last = HeadingBlockFactory(article=article, position=3, heading="The last scene")
    errors = sign_in(page, live_server, editor)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("#id_standfirst").fill("Typed before moving blocks.")
    titles = page.locator("#blocks-group .inline-related.has_original .mq-block-bar__title")

    up = page.locator(f"#blocks-group button[value='{last.pk}:up']")
    up.click()
    expect(titles).to_have_text(["The opening paragraph.", "The last scene", "Who killed Joe"])
    expect(up).to_be_focused()
    # One step, not to the top: pressed again, it goes one more place.
    page.keyboard.press("Enter")
    expect(titles).to_have_text(["The last scene", "The opening paragraph.", "Who killed Joe"])
    expect(up).to_be_focused()
    expect(up).to_have_attribute("aria-disabled", "true")
    expect(page.locator("#mq-block-moves")).to_contain_text("Nothing is saved until you press Save")
    # The rich-text editor that moved aside still holds its text, and still edits.
    editor_body = page.frame_locator("#blocks-0 iframe.cke_wysiwyg_frame").locator("body")
    expect(editor_body).to_contain_text("The opening paragraph.")
    expect(page.locator("#id_standfirst")).to_have_value("Typed before moving blocks.")
    page.screenshot(path=SHOTS / "blocks-moved-in-page.png")

    # Nothing was saved by the moves.
    assert [b.pk for b in ArticleBlock.objects.filter(article=article)] == [
        intro.pk,
        middle.pk,
        last.pk,
    ]
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert [b.pk for b in ArticleBlock.objects.filter(article=article)] == [
        last.pk,
        intro.pk,
        middle.pk,
    ]
    intro.refresh_from_db()
    assert "The opening paragraph." in intro.text
    article.refresh_from_db()
    assert article.standfirst == "Typed before moving blocks."
    assert errors == []


def test_without_javascript_an_arrow_shows_the_new_order_and_keeps_what_was_typed(
    browser, live_server, editor
):
    article = ArticleFactory(title="Fool Me Once ending explained")
    first = HeadingBlockFactory(article=article, position=1, heading="Who killed Joe")
    second = HeadingBlockFactory(article=article, position=2, heading="The last scene")
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("#id_standfirst").fill("Typed, then a block moved without JavaScript.")

    page.click(f"#blocks-group button[value='{second.pk}:up']")

    expect(page.locator(".messagelist")).to_contain_text("Nothing is saved until you press Save")
    expect(page.locator("#blocks-0 .mq-block-bar__title")).to_have_text("The last scene")
    # The page comes back at the moved block, which says it moved and that nothing is saved.
    expect(page).to_have_url(re.compile(r"#blocks-0$"))
    expect(page.locator("#blocks-0 .mq-moved")).to_be_in_viewport()
    # Only each block's own kind's fields show, without JavaScript too.
    expect(page.locator("#blocks-0 input[id$='-heading']")).to_be_visible()
    expect(page.locator("#blocks-0 input[id$='-claim']")).to_be_hidden()
    expect(page.locator("#id_standfirst")).to_have_value(
        "Typed, then a block moved without JavaScript."
    )
    page.screenshot(path=SHOTS / "blocks-moved-without-javascript.png", full_page=True)
    assert [b.pk for b in ArticleBlock.objects.filter(article=article)] == [first.pk, second.pk]
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert [b.pk for b in ArticleBlock.objects.filter(article=article)] == [second.pk, first.pk]
    context.close()


# == 7. The writing aids count what Restore put back ======================================


def test_the_word_count_counts_the_restored_autosave(page, live_server, editor):
    article = ArticleFactory(title="Run Away ending explained", standfirst="Two words.")
    BlockFactory(article=article, position=1, text="<p>One two three four five.</p>")
    client = Client()
    client.force_login(editor)
    data = admin_form_data(
        client.get(f"/admin/articles/article/{article.pk}/change/").content.decode(),
        "article_form",
    )
    data["standfirst"] = "A much longer standfirst, typed and autosaved but never saved."
    data["blocks-0-text"] = "<p>One two three four five six seven eight nine ten.</p>"
    article_autosave_store(
        user=editor, article=article, data={name: [value] for name, value in data.items()}
    )
    errors = sign_in(page, live_server, editor)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator("#mq-word-count")).to_have_text("7")

    page.click("text=Restore")

    expect(page.locator("#id_standfirst")).to_have_value(
        "A much longer standfirst, typed and autosaved but never saved."
    )
    # 10 words of standfirst and 10 of the block, at once, before any key is pressed.
    expect(page.locator("#mq-word-count")).to_have_text("20")
    page.locator(".mq-aids").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "word-count-after-restore.png")
    assert errors == []
