"""The demo editor writes and publishes an explainer in the admin, then finds it on the site."""

import io
import re

from django.core.management import call_command

from playwright.sync_api import expect

from articles.models import Article

TITLE = "Run Away ending explained"


def add_block(page, index, kind):
    page.locator("#blocks-group .add-row a").click()
    # A new block is placed after the others.
    expect(page.locator(f"#id_blocks-{index}-position")).to_have_value(str(index + 1))
    page.select_option(f"#id_blocks-{index}-kind", kind)


def choose(page, select_id, text):
    """Pick `text` in a Django admin autocomplete (select2) field."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_demo_editor_writes_publishes_and_finds_an_explainer(
    page, live_server, editorial_roles, screenshot_dir
):
    call_command("load_demo", stdout=io.StringIO())

    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "marquee-editor")
    page.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Add article")

    page.locator("#id_title").press_sequentially(TITLE)
    expect(page.locator("#id_slug")).to_have_value("run-away-ending-explained")
    page.fill("#id_standfirst", "Who took Paige, and what the final twist means for Simon.")
    page.select_option("#id_kind", "ending_explained")
    # The hero comes from the image library; this page gives it its own alt text.
    choose(page, "id_hero_image", "Run Away: the cast")
    page.fill("#id_hero_alt", "A father searching a city park at dusk")
    # An "ending explained" says which ending: the demo's Run Away has its eight episodes.
    choose(page, "id_episodes", "Episode 8")

    add_block(page, 0, "heading")
    page.fill("#id_blocks-0-heading", "What happens at the end")
    # Only the fields a heading uses are on show.
    for fieldset in page.locator("#blocks-0 fieldset.mq-for-image").all():
        expect(fieldset).to_be_hidden()
    expect(page.locator("#blocks-0 fieldset.mq-for-rich_text")).to_be_hidden()

    add_block(page, 1, "rich_text")
    frame = page.frame_locator("#cke_id_blocks-1-text iframe")
    body = frame.locator("body")
    body.click()
    page.keyboard.type("The answer is ")
    page.keyboard.press("Control+b")
    page.keyboard.type("closer to home")
    page.keyboard.press("Control+b")
    page.keyboard.type(" than Simon thinks. Read the ")
    page.locator("#cke_id_blocks-1-text .cke_button__link").click()
    dialog = page.locator(".cke_dialog:visible")
    dialog.get_by_label("Display Text").fill("Netflix page")
    dialog.get_by_label("Protocol").select_option("https://")
    dialog.get_by_label(re.compile(r"^URL")).fill("www.netflix.com/")
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    expect(body.locator("strong")).to_have_text("closer to home")
    expect(body.locator("a")).to_have_attribute("href", "https://www.netflix.com/")

    add_block(page, 2, "quote")
    # The quote does not exist yet: create it in the pop-up without leaving the article.
    with page.expect_popup() as popup_info:
        page.click("#add_id_blocks-2-quote")
    popup = popup_info.value
    popup.fill("#id_text", "I wanted to write about a father who would do anything")
    choose(popup, "id_speaker", "Harlan Coben")
    choose(popup, "id_source", "the family moment that became Run Away")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    expect(page.locator("#select2-id_blocks-2-quote-container")).to_contain_text("Harlan Coben")

    page.screenshot(path=screenshot_dir / "admin-article-change-form.png", full_page=True)
    page.click("button[name=_workflow][value=publish]")

    expect(page.locator(".messagelist")).to_contain_text("is published")
    expect(page.locator(".mq-form-status .mq-status--published")).to_be_visible()
    expect(page.locator(".object-tools a", has_text="Preview")).to_be_visible()
    page.screenshot(path=screenshot_dir / "admin-article-after-publish.png")
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.PUBLISHED
    assert [block.kind for block in article.blocks.all()] == ["heading", "rich_text", "quote"]

    page.goto(f"{live_server.url}/admin/articles/article/")
    expect(page.locator(".mq-status--published").first).to_have_text("Published")
    page.screenshot(path=screenshot_dir / "admin-article-change-list.png", full_page=True)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main strong", has_text="closer to home")).to_be_visible()
    expect(page.locator("main a[href='https://www.netflix.com/']")).to_be_visible()
    expect(page.locator("main blockquote")).to_contain_text("a father who would do anything")
    page.screenshot(path=screenshot_dir / "public-article-after-publish.png", full_page=True)
