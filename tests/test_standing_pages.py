"""Standing pages: About, the masthead and the policies at /<slug>/, written in the admin."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest
from reversion.models import Version

from articles.models import Article
from articles.preview import preview_token
from pages.models import StandingPage
from pages.preview import page_preview_url
from tests.factories import ArticleFactory, StandingPageFactory
from tests.workflow_forms import article_form_data
from tests.workflow_forms import change_url as article_change_url

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/pages/standingpage/add/"


def change_url(page):
    return f"/admin/pages/standingpage/{page.pk}/change/"


def form_data(page=None, **changes):
    data = {
        "title": page.title if page else "About us",
        "slug": page.slug if page else "about",
        "role": page.role if page else "about",
        "body": page.body if page else "<p>Who we are.</p>",
        "meta_description": "",
        "status": page.status if page else "published",
        "footer_order": page.footer_order if page else 1,
    }
    if page is None or page.show_in_footer:
        data["show_in_footer"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def footer(html):
    return html.split('<footer class="site-footer">', 1)[1]


def pages_queries(context):
    return [q["sql"] for q in context.captured_queries if "pages_standingpage" in q["sql"]]


# Readers ---------------------------------------------------------------------------------


def test_a_published_page_answers_at_the_root_with_its_words_and_date(client):
    page = StandingPageFactory(title="About Marquee", slug="about", body="<p>We explain.</p>")

    response = client.get("/about/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="page-title">About Marquee</h1>' in html
    assert "<p>We explain.</p>" in html
    assert f'datetime="{page.updated_at.isoformat()}"' in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/about/">' in html


def test_a_draft_page_is_404_for_readers(client):
    StandingPageFactory(slug="masthead", status=StandingPage.Status.DRAFT)

    assert client.get("/masthead/").status_code == 404


def test_an_article_page_asks_nothing_about_standing_pages(client):
    article = ArticleFactory(published=True)
    client.get("/")  # the footer's pages are read once and kept

    with CaptureQueriesContext(connection) as context:
        assert client.get(f"{article.get_absolute_url()}?page=1").status_code == 200

    assert pages_queries(context) == []


def test_a_page_slug_an_article_has_is_refused_and_the_other_way_round():
    ArticleFactory(slug="about-the-show")
    StandingPageFactory(slug="privacy")

    with pytest.raises(ValidationError, match="explainer already lives at /about-the-show/"):
        StandingPage(title="About", slug="about-the-show").full_clean()
    article = ArticleFactory.build(slug="privacy")
    with pytest.raises(ValidationError, match="standing page"):
        article.full_clean(exclude=["authors"])


def test_the_site_s_own_addresses_are_refused_as_page_slugs():
    with pytest.raises(ValidationError, match="site's own pages"):
        StandingPage(title="Corrections", slug="corrections").full_clean()


def test_one_page_per_role():
    StandingPageFactory(role=StandingPage.Role.PRIVACY)

    with pytest.raises(IntegrityError), transaction.atomic():
        StandingPageFactory(role=StandingPage.Role.PRIVACY)
    StandingPageFactory(role="")
    StandingPageFactory(role="")  # any number of pages without a role


# The footer ------------------------------------------------------------------------------


def test_the_footer_lists_published_footer_pages_in_order_and_the_corrections_log(client):
    StandingPageFactory(title="Privacy", slug="privacy", show_in_footer=True, footer_order=2)
    StandingPageFactory(title="About", slug="about", show_in_footer=True, footer_order=1)
    StandingPageFactory(title="Terms", slug="terms", show_in_footer=False)
    StandingPageFactory(title="Secret", slug="secret", show_in_footer=True, status="draft")

    html = footer(client.get("/").content.decode())

    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert ("/about/", "About") in links and ("/privacy/", "Privacy") in links
    assert links.index(("/about/", "About")) < links.index(("/privacy/", "Privacy"))
    assert ("/corrections/", "Corrections") in links
    assert "Terms" not in html and "Secret" not in html


def test_the_footer_costs_one_query_then_none_until_a_page_changes(client):
    StandingPageFactory(title="About", slug="about", show_in_footer=True)
    article = ArticleFactory(published=True)

    with CaptureQueriesContext(connection) as first:
        client.get("/search/")  # not a cached page: rendered each time
    with CaptureQueriesContext(connection) as second:
        client.get(article.get_absolute_url())
        client.get("/search/?q=show")

    assert len(pages_queries(first)) == 1
    assert pages_queries(second) == []


@pytest.fixture(autouse=True)
def one_clock(monkeypatch):
    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)


def test_an_editor_s_footer_change_shows_at_once_on_cached_pages(
    client, editor, django_capture_on_commit_callbacks
):
    page = StandingPageFactory(title="About", slug="about", show_in_footer=True)
    assert "About" in footer(client.get("/").content.decode())  # stored
    assert client.get("/about/").status_code == 200

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(page), form_data(page, title="Who we are"))
    assert response.status_code == 302
    client.logout()

    assert "Who we are" in footer(client.get("/").content.decode())
    assert "Who we are" in client.get("/about/").content.decode()


def test_taking_a_page_out_of_the_footer_purges_the_pages_showing_it(
    client, editor, django_capture_on_commit_callbacks
):
    page = StandingPageFactory(title="About", slug="about", show_in_footer=True)
    client.get("/")
    client.force_login(editor)
    data = form_data(page)
    del data["show_in_footer"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(page), data)
    client.logout()

    assert "/about/" not in footer(client.get("/").content.decode())


# The admin: editors write them, with history, restore and previews --------------------------


def test_an_editor_adds_a_page_and_readers_see_it(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data())
    assert response.status_code == 302
    client.logout()

    page = StandingPage.objects.get()
    assert (page.slug, page.role, page.status) == ("about", "about", "published")
    assert client.get("/about/").status_code == 200
    assert Version.objects.get_for_object(page).count() == 1


def test_a_writer_cannot_open_the_pages_admin(client, writer):
    client.force_login(writer)

    assert client.get(ADD_URL).status_code == 403
    assert client.get("/admin/pages/standingpage/").status_code == 403


def test_a_body_edit_keeps_a_revision_and_moves_the_updated_date_a_footer_move_does_not(
    client, editor
):
    client.force_login(editor)
    client.post(ADD_URL, form_data())
    page = StandingPage.objects.get()
    first_date = page.updated_at

    client.post(change_url(page), form_data(page, footer_order=5))
    page.refresh_from_db()
    assert page.updated_at == first_date
    client.post(change_url(page), form_data(page, body="<p>Who we are now.</p>"))
    page.refresh_from_db()

    assert page.updated_at > first_date
    versions = Version.objects.get_for_object(page)
    assert versions.count() == 3
    oldest = versions.last()
    history = client.get(f"/admin/pages/standingpage/{page.pk}/history/")
    assert history.status_code == 200
    restore = client.get(f"/admin/pages/standingpage/{page.pk}/history/{oldest.pk}/")
    assert restore.status_code == 200
    assert "Who we are." in restore.content.decode()


def test_the_article_slug_check_shows_in_the_page_form(client, editor):
    ArticleFactory(slug="contact")
    client.force_login(editor)

    response = client.post(ADD_URL, form_data(slug="contact", role="contact"))

    assert response.status_code == 200
    assert "An explainer already lives at /contact/" in response.content.decode()
    assert not StandingPage.objects.exists()


def test_a_preview_link_shows_a_draft_and_is_never_stored(client):
    page = StandingPageFactory(title="Masthead", slug="masthead", status="draft")

    response = client.get(page_preview_url(page))

    assert response.status_code == 200
    assert "Masthead" in response.content.decode() and "Preview." in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(page_preview_url(page).replace("/page/", "/page/x")).status_code == 404


def test_an_article_preview_token_does_not_open_a_page(client):
    page = StandingPageFactory(status="draft")

    token = preview_token(Article(pk=page.pk))

    assert client.get(f"/preview/page/{token}/").status_code == 404


def test_preview_changes_shows_the_unsaved_form_and_saves_nothing(client, editor):
    page = StandingPageFactory(title="Standards", slug="standards", body="<p>Old words.</p>")
    client.force_login(editor)

    response = client.post(
        change_url(page), {**form_data(page, body="<p>New words.</p>"), "_preview": "1"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>New words.</p>" in html and "These are your unsaved changes" in html
    assert "no-store" in response["Cache-Control"]
    page.refresh_from_db()
    assert page.body == "<p>Old words.</p>"
    assert Version.objects.get_for_object(page).count() == 0


def test_preview_changes_of_a_new_page_saves_nothing(client, editor):
    client.force_login(editor)

    response = client.post(ADD_URL, {**form_data(), "_preview": "1"})

    assert response.status_code == 200 and "Who we are." in response.content.decode()
    assert not StandingPage.objects.exists()


def test_the_change_form_offers_both_previews(client, editor):
    page = StandingPageFactory()
    client.force_login(editor)

    html = client.get(change_url(page)).content.decode()

    assert 'name="_preview"' in html and "/preview/page/" in html


def test_a_page_body_keeps_only_what_the_sanitiser_allows(client):
    StandingPageFactory(
        slug="terms", body='<p onclick="x()">Terms</p><script>window.__pwned=1</script>'
    )

    html = client.get("/terms/").content.decode()

    assert "<p>Terms</p>" in html
    assert "__pwned" not in html and "onclick" not in html


def test_the_article_form_refuses_a_standing_page_s_slug(client, editor):
    StandingPageFactory(title="Contact", slug="contact")
    article = ArticleFactory(with_hero=True)
    client.force_login(editor)

    response = client.post(article_change_url(article), article_form_data(article, slug="contact"))

    assert response.status_code == 200
    assert "is the address of the standing page “Contact”" in response.content.decode()
    article.refresh_from_db()
    assert article.slug != "contact"
