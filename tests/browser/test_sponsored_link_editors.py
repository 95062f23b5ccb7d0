"""An editor marks a link in the text as sponsored: CKEditor's link dialog sets it, and the
prose editor keeps a link so marked when the article is saved again."""

import pytest
from lxml import html as lxml_html
from playwright.sync_api import expect

from articles.models import ArticleBlock
from tests.factories import ArticleFactory, BlockFactory, UserFactory

pytestmark = pytest.mark.browser

OFFER = "https://northlight.example/collections/harlan-coben"


@pytest.fixture
def desk(page, live_server, db):
    """The browser signed in as an editor-in-chief, on an article with one linked paragraph."""
    UserFactory(
        username="chief", password="a-long-enough-password", is_staff=True, is_superuser=True
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-enough-password")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    return page


def open_article(page, live_server, text):
    article = ArticleFactory(title="How to watch Harlan Coben")
    block = BlockFactory(article=article, position=1, text=text)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    return block


def test_ckeditors_link_dialog_marks_a_link_sponsored(settings, desk, live_server):
    settings.MARQUEE_RICH_TEXT_EDITOR = "ckeditor"
    block = open_article(desk, live_server, f'<p>Buy <a href="{OFFER}">the collection</a>.</p>')

    desk.frame_locator("#cke_id_blocks-0-text iframe").locator("a").click()
    desk.locator("#cke_id_blocks-0-text .cke_button__link").click()
    dialog = desk.locator(".cke_dialog")
    dialog.locator("a.cke_dialog_tab", has_text="Advanced").click()
    relationship = dialog.locator("label", has_text="Relationship")
    desk.fill(f"#{relationship.get_attribute('for')}", "sponsored")
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    desk.click("input[name=_continue]")

    expect(desk.locator(".messagelist")).to_contain_text("changed successfully")
    assert ArticleBlock.objects.get(pk=block.pk).text == (
        f'<p>Buy <a href="{OFFER}" rel="sponsored noopener noreferrer">the collection</a>.</p>'
    )


def test_the_prose_editor_keeps_a_sponsored_link_when_the_text_is_edited(
    settings, desk, live_server
):
    settings.MARQUEE_RICH_TEXT_EDITOR = "prose"
    text = f'<p>Buy <a href="{OFFER}" rel="sponsored noopener noreferrer">the collection</a>.</p>'
    block = open_article(desk, live_server, text)

    editor = desk.locator("#blocks-0 .ProseMirror[contenteditable=true]")
    editor.locator("p").click()
    desk.keyboard.press("End")
    desk.keyboard.type(" Now.")
    desk.click("input[name=_continue]")

    expect(desk.locator(".messagelist")).to_contain_text("changed successfully")
    saved = lxml_html.fragment_fromstring(ArticleBlock.objects.get(pk=block.pk).text)
    assert saved.text_content() == "Buy the collection. Now."
    [link] = saved.iter("a")
    assert (link.get("href"), link.get("rel")) == (OFFER, "sponsored noopener noreferrer")
