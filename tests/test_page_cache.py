"""Anonymous readers get published pages from the page cache; signed-in readers never do."""

from django.test import Client
from django.utils.http import http_date

import pytest

from tests.factories import (
    ArticleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def page_urls(explainer):
    production = explainer.productions.get()
    person = explainer.people.get()
    return [
        "/",
        explainer.get_absolute_url(),
        person.get_absolute_url(),
        production.get_absolute_url(),
        person.quotes.get().get_absolute_url(),
        "/tags/thrillers/",
        "/feed/",
        "/feed/atom/",
        "/tags/thrillers/feed/",
        f"/productions/{production.slug}/feed/",
        "/sitemap.xml",
    ]


def test_every_published_page_is_served_from_the_cache_the_second_time(
    client, explainer, django_assert_num_queries
):
    for url in page_urls(explainer):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["X-Page-Cache"] == "miss", url

        with django_assert_num_queries(0):
            second = client.get(url)

        assert second["X-Page-Cache"] == "hit", url
        assert second.content == first.content, url
        assert not second.cookies, url
        assert "Set-Cookie" not in second, url
        assert "cookie" not in second.get("Vary", "").lower(), url
        assert second["Cache-Control"].startswith("public, max-age=60,"), url
        assert second["ETag"] == first["ETag"], url


def test_anonymous_page_says_public_with_etag_and_last_modified(client, explainer):
    response = client.get(explainer.get_absolute_url())

    assert not response.cookies
    assert response["Cache-Control"] == (
        "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400"
    )
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"] == http_date(explainer.last_modified.timestamp())


def test_cache_control_values_come_from_settings(client, explainer, settings):
    settings.PAGE_CACHE_MAX_AGE = 5
    settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 6
    settings.PAGE_CACHE_STALE_IF_ERROR = 7

    response = client.get("/")

    assert (
        response["Cache-Control"] == "public, max-age=5, stale-while-revalidate=6, stale-if-error=7"
    )


@pytest.mark.parametrize("stored", [False, True], ids=["miss", "hit"])
def test_matching_etag_or_date_gets_304_not_modified(client, explainer, stored):
    url = explainer.get_absolute_url()
    first = client.get(url)
    if stored:
        assert client.get(url)["X-Page-Cache"] == "hit"
    else:
        client = Client()  # a cold start: clear the stored copy
        from django.core.cache import cache

        cache.clear()

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    other = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')

    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert by_date.status_code == 304
    assert other.status_code == 200


def test_signed_in_reader_bypasses_the_cache_and_gets_a_private_page(client, explainer):
    url = explainer.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.force_login(UserFactory(username="signed-in", first_name="Signe"))

    for _ in range(2):
        response = client.get(url)
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert "no-cache" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "marquee_voter"])
def test_a_reader_with_a_personal_cookie_is_never_served_or_stored(client, explainer, cookie):
    url = explainer.get_absolute_url()
    personal = Client()
    personal.cookies[cookie] = "anything"

    for _ in range(2):
        response = personal.get(url)
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]

    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_page_that_sets_a_cookie_is_not_stored(client, db, monkeypatch):
    """A page that hands out a cookie (any cookie) is that reader's own copy: never shared."""
    from reader.views import HomeView

    render = HomeView.render_to_response

    def render_with_cookie(self, context, **kwargs):
        response = render(self, context, **kwargs)
        response.set_cookie("someone", "theirs")
        return response

    monkeypatch.setattr(HomeView, "render_to_response", render_with_cookie)
    ArticleFactory(published=True)

    first = client.get("/")
    second = Client().get("/")

    assert first.cookies
    assert "private" in first["Cache-Control"]
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_staff_preview_is_never_cached(client, editor):
    from articles.preview import preview_url

    draft = ArticleFactory(allow_comments=False)
    url = preview_url(draft)

    response = Client().get(url)
    again = Client().get(url)

    assert response["Cache-Control"] == "private, no-store"
    assert "X-Page-Cache" not in again


def test_a_parameter_the_page_reads_is_part_of_the_key_in_any_order(client, explainer):
    ArticleFactory.create_batch(12, published=True)
    client.get("/?page=2&x=2")

    assert client.get("/?x=2&page=2")["X-Page-Cache"] == "hit"
    assert client.get("/?page=2")["X-Page-Cache"] == "hit"
    assert client.get("/?page=1")["X-Page-Cache"] == "miss"


def test_parameters_no_page_reads_make_no_new_copy(client, explainer):
    first = client.get("/")

    for junk in ("?utm_source=newsletter", "?fbclid=abc", "?x=1&y=2", "?"):
        response = client.get(f"/{junk}")
        assert response["X-Page-Cache"] == "hit", junk
        assert response.content == first.content


def test_page_cache_timeout_zero_stores_nothing(client, explainer, settings):
    settings.PAGE_CACHE_TIMEOUT = 0

    client.get("/")

    assert client.get("/")["X-Page-Cache"] == "miss"
