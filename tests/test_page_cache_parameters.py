"""A page is stored by the query parameters it reads: junk in the query string makes no copy.

A campaign's `utm_source`, a cache-busting `?x=123` or a crawler's random parameters must
neither render the page again nor store another copy of it; a path keeps a bounded number
of copies whatever its readers send.
"""

from django.core.cache import cache

import pytest
from taggit.models import Tag

from core import pagecache, pagestore
from reader import cache as page_cache
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(explainer):
    """One address of each kind of stored page."""
    tag = explainer.tags.first()
    person = explainer.people.first()
    return [
        "/",
        explainer.get_absolute_url(),
        f"/tags/{tag.slug}/",
        person.get_absolute_url(),
        "/feed/",
        "/sitemap.xml",
        "/api/v1/articles/",
        f"/api/v1/articles/{explainer.slug}/",
    ]


def test_parameters_no_page_reads_reuse_the_stored_copy_of_every_kind_of_page(
    client, pages, django_assert_num_queries
):
    for url in pages:
        first = client.get(url)
        assert first.status_code == 200, url

        with django_assert_num_queries(0):
            junk = client.get(url, {"utm_source": "newsletter", "fbclid": "x1", "_": "1712"})

        assert junk["X-Page-Cache"] == "hit", url
        assert junk.content == first.content, url


def test_links_to_other_pages_of_a_list_carry_what_chose_the_page_not_the_junk(client):
    ArticleFactory.create_batch(30, published=True)

    page = client.get("/", {"page": "2", "utm_source": "newsletter"}).content.decode()

    assert 'href="?page=3"' in page
    assert 'href="?page=1"' in page
    assert "utm_source" not in page


def test_the_api_next_link_keeps_its_filters_and_drops_parameters_it_ignores(client):
    for _ in range(3):
        ArticleFactory(published=True).tags.add("Heists")
    tag = Tag.objects.get(name="Heists")

    answer = client.get("/api/v1/articles/", {"tag": tag.slug, "limit": 2, "utm_source": "x"})

    link = answer.json()["next"]
    assert f"tag={tag.slug}" in link
    assert "limit=2" in link
    assert "cursor=" in link
    assert "utm_source" not in link


def test_a_page_reading_a_parameter_is_stored_once_per_value(client, explainer):
    person = PersonFactory()
    for index in range(14):
        QuoteFactory(speaker=person, text=f"Line number {index} of the script.")
    url = person.get_absolute_url()

    client.get(url, {"quotes": "2"})

    assert client.get(url, {"quotes": "2", "utm_medium": "mail"})["X-Page-Cache"] == "hit"
    assert client.get(url, {"quotes": "1"})["X-Page-Cache"] == "miss"


def test_a_path_keeps_a_bounded_number_of_copies_until_what_it_shows_changes(
    client, explainer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(page_cache, "MAX_VARIANTS", 3)
    monkeypatch.setattr(pagestore, "CLOCK_SKEW", 0)
    person = explainer.people.first()
    url = person.get_absolute_url()
    for value in ("a", "b", "c"):
        client.get(url, {"page": value})
    assert client.get(url, {"page": "c"})["X-Page-Cache"] == "hit"

    # A fourth value is answered, and not kept.
    fourth = client.get(url, {"page": "d"})
    assert fourth.status_code == 200
    assert client.get(url, {"page": "d"})["X-Page-Cache"] == "miss"

    # A change to what the page shows empties its copies, and the count starts again.
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(pagecache.key(person))
    client.get(url, {"page": "d"})
    assert client.get(url, {"page": "d"})["X-Page-Cache"] == "hit"


def test_junk_parameters_on_stored_pages_add_nothing_to_the_cache(client, pages):
    for url in pages:
        client.get(url)
    before = len(cache._cache) if hasattr(cache, "_cache") else None
    if before is None:
        pytest.skip("counts local-memory entries (on Redis: tests/test_page_cache_faults.py)")

    for number in range(200):
        for url in pages:
            client.get(url, {f"x{number}": number})

    assert len(cache._cache) == before
