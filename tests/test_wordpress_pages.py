"""WordPress pages become standing pages: their words, status, role and old addresses."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest

from articles.models import Article
from exchange.models import ImportedItem, LegacyURL
from pages.models import StandingPage
from tests.factories import ArticleFactory, StandingPageFactory
from tests.wordpress_exports import PUBLIC, THEME, items

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent / "fixtures" / "wordpress" / "export.xml"
UPLOADS = EXPORT.parent / "uploads"


def run_import(path=EXPORT, **options):
    out = StringIO()
    if path == EXPORT:
        options.setdefault("media_dir", str(UPLOADS))
    call_command("import_wordpress", str(path), stdout=out, **options)
    return out.getvalue()


def test_a_published_page_becomes_the_about_page_and_keeps_its_old_addresses(client):
    report = run_import()

    page = StandingPage.objects.get(slug="about")
    assert (page.title, page.role, page.status) == ("About us", "about", "published")
    assert page.body == "<p>A page, not a post.</p>"
    assert "pages created 1" in report
    response = client.get("/about/")
    assert response.status_code == 200 and "A page, not a post." in response.content.decode()
    assert LegacyURL.objects.filter(page=page, path="/", query="page_id=150").exists()
    redirect = client.get("/", {"page_id": "150"})
    assert (redirect.status_code, redirect["Location"]) == (301, "/about/")


def test_a_second_run_changes_nothing_and_an_editor_s_deletion_is_respected():
    run_import()
    page = StandingPage.objects.get(slug="about")

    report = run_import()
    assert "pages unchanged 1" in report
    assert StandingPage.objects.get() == page

    page.delete()
    report = run_import()
    assert not StandingPage.objects.exists()
    assert "deleted in Marquee since the last import: left alone" in report


def test_a_role_already_held_is_not_taken_and_a_taken_slug_gets_another():
    StandingPageFactory(slug="who-we-are", role=StandingPage.Role.ABOUT)
    ArticleFactory(slug="about")

    report = run_import()

    page = ImportedItem.objects.get(kind="page", wp_id=150).page
    assert page.slug == "about-2" and page.role == ""
    assert "its address is /about-2/" in report
    assert "another page is already the about page" in report


@pytest.mark.corpus  # a whole real export: with the other corpus imports, not in test-fast
def test_the_theme_unit_test_pages_land_by_status_with_their_text(client):
    run_import(THEME)

    pages = [i for i in items(THEME) if i[0] == "page"]
    for _type, status, password, title, wp_id, _element in pages:
        record = ImportedItem.objects.filter(kind="page", wp_id=wp_id).first()
        if status == "trash":
            assert record is None
            continue
        expected = "published" if status == "publish" and not password else "draft"
        assert record.page.status == expected, title
    about = StandingPage.objects.get(slug="about")
    assert about.role == "about" and about.footer_order == 1
    # The page's heading is an H3 under the page's H1, links keep their address.
    assert "<h3>WordPress Theme Development Resources</h3>" in about.body
    assert '<a href="https://developer.wordpress.org/themes/"' in about.body
    assert client.get("/about/").status_code == 200


def test_a_post_never_takes_an_imported_page_s_address():
    run_import(PUBLIC / "small-export.xml")

    page_slugs = set(StandingPage.objects.values_list("slug", flat=True))

    assert page_slugs and not page_slugs & set(Article.objects.values_list("slug", flat=True))
