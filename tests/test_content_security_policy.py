"""Every page carries a strict Content-Security-Policy; only the admin's editors get more."""

import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

import pytest
import reversion
from reversion.models import Version

from articles.models import Article
from articles.richtext import editor_admin_csp_sources
from tests.authorisation_fixtures import build_world
from tests.authorisation_matrix import EXPECTED
from tests.factories import ArticleFactory, BlockFactory
from tests.test_authorisation_matrix import concrete_url
from tests.test_settings import PROJECT, clean_env

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: What each editor's widget writes into a form: how a test knows the page shows the editor.
EDITOR_IN_HTML = {
    "ckeditor": 'data-type="ckeditortype"',
    "prose": "data-django-prose-editor-configurable",
}


def policy(response):
    header = response["Content-Security-Policy"]
    return {
        name: value.strip()
        for name, _, value in (part.strip().partition(" ") for part in header.split(";"))
    }


def test_a_public_article_page_gets_the_strict_policy(client, db):
    article = ArticleFactory(published=True)

    found = policy(client.get(article.get_absolute_url()))

    assert found == STRICT


@pytest.mark.parametrize("editor", ["ckeditor", "prose"])
def test_the_admin_login_page_gets_the_strict_policy(client, db, settings, editor):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor

    found = policy(client.get("/admin/login/"))

    assert found == STRICT


@pytest.mark.parametrize("editor", ["ckeditor", "prose"])
def test_the_article_add_page_allows_only_what_its_editor_needs(
    client, superuser, settings, editor
):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor
    client.force_login(superuser)

    found = policy(client.get("/admin/articles/article/add/"))

    assert "'unsafe-eval'" not in found["script-src"]
    assert found["object-src"] == "'none'"
    assert found["frame-ancestors"] == "'none'"
    if editor == "ckeditor":
        assert found["script-src"] == "'self' 'unsafe-inline'"
    else:
        # The prose editor's import map, by hash: no other inline script may run.
        assert re.fullmatch(r"'self' 'sha256-[A-Za-z0-9+/=]+'", found["script-src"])
        assert found["script-src"].split()[1] in editor_admin_csp_sources()["script-src"]
    assert found["style-src"] == "'self' 'unsafe-inline'"


def relaxed_for(editor):
    """The strict policy plus exactly what `editor` needs (its import map's hash for prose)."""

    def matches(found):
        others = {name: value for name, value in found.items() if name != "script-src"}
        if editor == "ckeditor":
            script = found["script-src"] == "'self' 'unsafe-inline'"
        else:
            script = re.fullmatch(r"'self' 'sha256-[A-Za-z0-9+/=]+'", found["script-src"])
        expected = {**STRICT, "style-src": "'self' 'unsafe-inline'"}
        del expected["script-src"]
        return bool(script) and others == expected

    return matches


def admin_pages(world):
    """Every admin page of the authorisation matrix a superuser opens (the standing pages'
    forms among them), and the article admin's other ways into its form: a revision, a
    deleted piece to recover, a pop-up, a filtered list.
    Returns all of them and those that show the rich-text editor."""
    article = world["published"]
    with reversion.create_revision():
        article.save()
    with reversion.create_revision():
        gone = ArticleFactory(slug="deleted-piece")
    gone.delete()
    revision = Version.objects.get_for_object(article).first()
    deleted = Version.objects.get_deleted(Article).get()
    editor_pages = [
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_add") + "?_popup=1",
        reverse("admin:articles_article_change", args=[world["draft"].pk]),
        reverse("admin:articles_article_revision", args=[article.pk, revision.pk]),
        reverse("admin:articles_article_recover", args=[deleted.pk]),
        # A standing page's body is the same rich text.
        reverse("admin:pages_standingpage_add"),
        reverse("admin:pages_standingpage_change", args=[world["rows"]["pages.standingpage"].pk]),
    ]
    matrix_pages = [
        concrete_url(name, world)
        for name, row in EXPECTED.items()
        if name.startswith("admin:") and row.split()[-1] == "200"
    ]
    changelist = reverse("admin:articles_article_changelist")
    others = [f"{changelist}?status__exact=draft", f"{changelist}?q=piece"]
    return sorted({*matrix_pages, *editor_pages, *others}), sorted(editor_pages)


@pytest.mark.parametrize("editor", ["ckeditor", "prose"])
def test_only_the_admin_pages_showing_the_editor_relax_the_policy(
    editorial_roles, settings, editor
):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor
    world = build_world(editorial_roles, settings)
    client = world["clients"]["superuser"]
    pages, editor_pages = admin_pages(world)
    with_editor, wrong = [], {}

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = policy(response)
        if EDITOR_IN_HTML[editor] in response.content.decode():
            with_editor.append(url)
            if not relaxed_for(editor)(found):
                wrong[url] = found
        elif found != STRICT:
            wrong[url] = found

    assert len(pages) > 100
    assert with_editor == editor_pages
    assert wrong == {}


def test_a_writer_reading_a_live_article_gets_the_strict_policy(client, writer):
    """A writer may read, not change, a published piece: its text shows without the editor."""
    article = ArticleFactory(published=True)
    article.authors.add(writer)
    BlockFactory(article=article, text="<p>Read, not edited.</p>")
    client.force_login(writer)

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert "Read, not edited." in response.content.decode()
    assert EDITOR_IN_HTML["ckeditor"] not in response.content.decode()
    assert policy(response) == STRICT


def test_readers_pages_never_get_the_editors_relaxation(client, db, settings):
    settings.MARQUEE_RICH_TEXT_EDITOR = "ckeditor"
    article = ArticleFactory(published=True)

    for path in ["/", article.get_absolute_url(), "/search/?q=run", "/no-such-page/"]:
        assert "unsafe" not in client.get(path)["Content-Security-Policy"], path


def test_images_may_come_from_an_absolute_media_url():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=clean_env(DEBUG="true", MEDIA_URL="https://media.marquee.example/uploads/"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "[\"'self'\", 'data:', 'https://media.marquee.example']"


def test_templates_hold_no_inline_script_except_json_ld_data():
    inline = []
    for path in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", path.read_text()):
            if "src=" not in tag and 'type="application/ld+json"' not in tag:
                inline.append(f"{path.relative_to(TEMPLATES)}: {tag}")
        if re.search(r"\son[a-z]+=", path.read_text()):
            inline.append(f"{path.relative_to(TEMPLATES)}: inline event handler")

    assert inline == []


def test_a_page_served_from_the_page_cache_keeps_its_policy(client, db):
    """The page cache answers before the CSP middleware runs: the stored copy carries the header."""
    from tests.factories import ArticleFactory

    ArticleFactory(published=True)
    first = client.get("/")
    hit = client.get("/")

    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
