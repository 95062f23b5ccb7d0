"""Editors write rich text with CKEditor 4 or the prose editor; readers never load either."""

import html
import json
import re

import pytest

from articles.models import ArticleBlock
from articles.richtext import CKEDITOR_CONFIG, PROSE_EDITOR_CONFIG
from tests.admin_forms import admin_form_data, article_add_data
from tests.factories import ArticleFactory, BlockFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
ASSETS = {
    "ckeditor": "/static/ckeditor/ckeditor/ckeditor.js",
    "prose": "/static/django_prose_editor/",
}


@pytest.fixture
def editor_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(("editor", "other"), [("ckeditor", "prose"), ("prose", "ckeditor")])
def test_the_article_form_loads_the_chosen_editor_only(editor_client, settings, editor, other):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor

    page = editor_client.get(ADD_URL).content.decode()

    assert ASSETS[editor] in page
    assert ASSETS[other] not in page


@pytest.mark.parametrize("editor", ["ckeditor", "prose"])
def test_the_article_form_saves_rich_text_with_each_editor(editor_client, settings, editor):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor
    data = article_add_data(
        editor_client,
        title=f"Written with {editor}",
        slug=f"written-with-{editor}",
        standfirst="A standfirst.",
        blocks=[
            {
                "kind": "rich_text",
                "position": "1",
                "text": "<h3>Where it began</h3><p>Some <strong>bold</strong> words "
                '<a href="https://example.com/">with a link</a>.</p>'
                "<ul><li>One</li></ul><script>alert(1)</script>",
            },
            {"kind": "heading", "position": "2", "heading": "A section"},
        ],
    )

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 302
    blocks = ArticleBlock.objects.filter(article__slug=f"written-with-{editor}")
    assert [block.kind for block in blocks] == ["rich_text", "heading"]
    assert blocks[0].text == (
        "<h3>Where it began</h3><p>Some <strong>bold</strong> words "
        '<a href="https://example.com/" rel="noopener noreferrer">with a link</a>.</p>'
        "<ul><li>One</li></ul>"
    )


@pytest.mark.parametrize("editor", ["ckeditor", "prose"])
def test_an_existing_block_opens_in_the_editor_and_keeps_its_uid_when_edited(
    editor_client, settings, editor
):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor
    block = BlockFactory(text="<p>First draft.</p>")
    url = f"/admin/articles/article/{block.article_id}/change/"
    page = editor_client.get(url).content.decode()
    assert "First draft." in page

    data = admin_form_data(page, "article_form")
    data["blocks-0-text"] = "<p>Second draft.</p>"
    response = editor_client.post(url, data)

    assert response.status_code == 302
    edited = ArticleBlock.objects.get(pk=block.pk)
    assert edited.text == "<p>Second draft.</p>"
    assert edited.uid == block.uid


def test_ckeditor_is_limited_to_the_server_allowlist(editor_client, settings):
    settings.MARQUEE_RICH_TEXT_EDITOR = "ckeditor"
    page = editor_client.get(ADD_URL).content.decode()

    configs = re.findall(r'data-config="([^"]+)"', page)
    assert configs
    config = json.loads(html.unescape(configs[0]))
    assert config["toolbar"] == "Marquee"
    toolbar_buttons = {button for group in config["toolbar_Marquee"] for button in group}
    assert "Source" not in toolbar_buttons
    assert "Image" not in toolbar_buttons
    assert config["allowedContent"] == CKEDITOR_CONFIG["allowedContent"]
    assert "sourcearea" in config["removePlugins"]
    assert "image" in config["removePlugins"].split(",")
    assert not config.get("filebrowserUploadUrl")
    assert config["fullPage"] is False


def test_the_prose_editor_offers_only_allowed_markup(editor_client, settings):
    settings.MARQUEE_RICH_TEXT_EDITOR = "prose"
    page = editor_client.get(ADD_URL).content.decode()

    assert "data-django-prose-editor" in page
    extensions = PROSE_EDITOR_CONFIG["extensions"]
    assert extensions["Heading"] == {"levels": [3, 4]}
    assert set(extensions["Link"]["protocols"]) == {"http", "https", "mailto"}
    assert "Image" not in extensions
    assert "Figure" not in extensions


def test_the_prose_editor_edits_tables_and_code_within_the_server_allowlist():
    from django_prose_editor.config import allowlist_from_extensions

    from articles.richtext import ALLOWED_TAGS

    allowed = allowlist_from_extensions(PROSE_EDITOR_CONFIG["extensions"])

    assert {"table", "tr", "th", "td", "pre", "code"} <= allowed["tags"] <= ALLOWED_TAGS


def test_ckeditor_allows_tables_and_code():
    allowed = CKEDITOR_CONFIG["allowedContent"]

    for rule in ("table caption thead tbody tfoot tr", "th[colspan,rowspan,scope]", "pre code"):
        assert rule in allowed


def test_ckeditors_unsupported_version_warning_is_silenced_with_a_reason():
    from django.core import checks

    messages = checks.run_checks()

    assert not [m for m in messages if m.id and m.id.startswith("ckeditor")]


@pytest.mark.parametrize("editor", ["ckeditor", "prose"])
def test_the_public_article_page_loads_no_editor(client, settings, editor):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor
    article = ArticleFactory(published=True)
    BlockFactory(article=article, text="<p>Readable words.</p>")

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Readable words." in page
    assert "ckeditor" not in page.lower()
    assert "prose_editor" not in page.lower()
    assert "prose-editor" not in page.lower()
