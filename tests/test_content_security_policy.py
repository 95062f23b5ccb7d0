"""Every page carries a strict Content-Security-Policy; only the admin's editors get more."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from articles.richtext import editor_admin_csp_sources
from tests.factories import ArticleFactory
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


def test_the_admin_login_page_keeps_the_strict_frame_object_and_default_rules(client, db):
    found = policy(client.get("/admin/login/"))

    assert found["object-src"] == "'none'"
    assert found["frame-ancestors"] == "'none'"
    assert found["default-src"] == "'self'"


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
