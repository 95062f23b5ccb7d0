"""The read API as a client meets it: cursor pages, cost, CORS, rate limit, ETag, the cache."""

import datetime

from django.utils import timezone

import pytest

from articles import services as article_services
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    BlockFactory,
    CommentFactory,
    PersonFactory,
    QuoteBlockFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def walk(client, url):
    """Every item of a list, following `next` links, and how many pages it took."""
    items, pages = [], 0
    while url:
        body = client.get(url).json()
        items += body["items"]
        url, pages = body["next"], pages + 1
    return items, pages


def test_pages_follow_one_another_without_repeats_or_gaps(client):
    now = timezone.now()
    articles = [
        ArticleFactory(published=True, publish_at=now - datetime.timedelta(hours=n))
        for n in range(5)
    ]
    # Two explainers at the same minute: the id orders them, so neither is lost at a boundary.
    twin = ArticleFactory(published=True, publish_at=articles[2].publish_at)

    items, pages = walk(client, "/api/v1/articles/?limit=2")

    assert pages == 3
    assert [item["id"] for item in items] == [
        articles[0].pk,
        articles[1].pk,
        twin.pk,
        articles[2].pk,
        articles[3].pk,
        articles[4].pk,
    ]


def test_pagination_is_stable_when_articles_are_published_between_pages(client):
    now = timezone.now()
    older = [
        ArticleFactory(published=True, publish_at=now - datetime.timedelta(hours=n + 1))
        for n in range(6)
    ]
    first = client.get("/api/v1/articles/?limit=2").json()

    # Newer explainers go public while the client reads on.
    for _ in range(3):
        ArticleFactory(published=True, publish_at=now - datetime.timedelta(minutes=1))
    rest, _ = walk(client, first["next"])

    seen = [item["id"] for item in first["items"] + rest]
    assert seen == [article.pk for article in older]


def test_quotes_and_comments_pages_are_stable_under_inserts(client, article):
    for _ in range(5):
        QuoteFactory()
        CommentFactory(article=article)
    quotes = client.get("/api/v1/quotes/?limit=2").json()
    comments = client.get(f"/api/v1/articles/{article.slug}/comments/?limit=2").json()

    QuoteFactory()  # newest first: it belongs before the pages already read
    late = CommentFactory(article=article)  # oldest first: it belongs after them

    quote_ids = [item["id"] for item in quotes["items"] + walk(client, quotes["next"])[0]]
    comment_ids = [item["id"] for item in comments["items"] + walk(client, comments["next"])[0]]
    assert len(quote_ids) == len(set(quote_ids)) == 5
    assert len(comment_ids) == len(set(comment_ids)) == 6
    assert comment_ids[-1] == late.pk


@pytest.mark.parametrize("cursor", ["nonsense", "WyJ4Il0", "W10", "WzEsMl0"])
def test_a_cursor_that_is_not_ours_is_a_clear_400(client, cursor):
    response = client.get(f"/api/v1/articles/?cursor={cursor}")

    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_a_limit_beyond_the_maximum_is_refused(client):
    assert client.get("/api/v1/articles/?limit=101").status_code == 422


def _fill(size):
    """`size` of everything a list shows, each with the relations its items carry."""
    author = UserFactory()
    first = ArticleFactory(published=True, authors=[author])
    for _ in range(size):
        article = ArticleFactory(published=True, authors=[author, UserFactory()])
        quote_block = QuoteBlockFactory(article=article)
        quote_block.quote.productions.add(AvailabilityFactory().production)
        PersonFactory().links.create(label="Site", url=f"https://example.com/{article.pk}")
        article.tags.add(f"tag-{article.pk}")
        parent = CommentFactory(article=first)
        CommentFactory(article=first, parent=parent, user=author)
        BlockFactory(article=first)
        QuoteBlockFactory(article=first).quote.productions.add(AvailabilityFactory().production)
    return first


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/api/v1/articles/?limit=100", 2),  # articles, their bylines
        ("/api/v1/people/?limit=100", 2),  # people, their links
        ("/api/v1/productions/?limit=100", 2),  # productions, today's offers
        ("/api/v1/quotes/?limit=100", 2),  # quotes with speaker and source, their productions
        ("/api/v1/tags/?limit=100", 2),  # tags (and the article content type, once)
        ("/api/v1/articles/{slug}/comments/?limit=100", 2),  # the article, its comments
        ("/api/v1/articles/{slug}/", 10),  # the article and each relation its page shows
    ],
)
@pytest.mark.parametrize("size", [3, 30])
def test_query_count_does_not_grow_with_the_list(
    client, settings, django_assert_max_num_queries, url, budget, size
):
    settings.PAGE_CACHE_TIMEOUT = 0
    first = _fill(size)

    with django_assert_max_num_queries(budget):
        response = client.get(url.format(slug=first.slug))

    assert response.status_code == 200
    if "?" in url:
        assert len(response.json()["items"]) >= size


def test_any_origin_may_read_but_not_write(client, article):
    answer = client.get("/api/v1/articles/", headers={"Origin": "https://partner.example"})
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in answer["Access-Control-Expose-Headers"]

    preflight = client.options(
        "/api/v1/articles/",
        headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"

    refused = client.options(
        "/api/v1/articles/",
        headers={"Origin": "https://x.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in refused
    # A post from another site is refused before the API sees it; from anywhere else, 405.
    posted = client.post("/api/v1/articles/", headers={"Origin": "https://x.example"})
    assert posted.status_code == 403
    assert "Access-Control-Allow-Origin" not in posted
    assert client.post("/api/v1/articles/").status_code == 405


def test_reader_pages_get_no_cors_header(client, article):
    assert "Access-Control-Allow-Origin" not in client.get(article.get_absolute_url())


def test_head_answers_the_headers_of_get_without_a_body(client, article):
    response = client.head("/api/v1/articles/")

    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == client.get("/api/v1/articles/")["ETag"]


def test_one_address_past_its_rate_is_told_to_wait(client, settings, article):
    settings.API_RATE_LIMIT = "3/m"
    answers = [client.get("/api/v1/articles/").status_code for _ in range(3)]
    # Served from the page cache or not, a request counts.
    refused = client.get("/api/v1/articles/")
    other_address = client.get("/api/v1/articles/", REMOTE_ADDR="198.51.100.23")

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Too many requests" in refused.json()["detail"]
    assert other_address.status_code == 200


def test_reading_goes_on_when_the_rate_limit_cache_is_down(client, settings, monkeypatch, article):
    settings.API_RATE_LIMIT = "1/m"
    monkeypatch.setattr(
        "api.middleware.get_usage", lambda *a, **k: {"limit": 0, "time_left": -1, "count": 0}
    )

    assert [client.get("/api/v1/articles/").status_code for _ in range(3)] == [200, 200, 200]


def test_a_matching_etag_gets_304(client, article):
    first = client.get(f"/api/v1/articles/{article.slug}/")
    again = client.get(
        f"/api/v1/articles/{article.slug}/", headers={"If-None-Match": first["ETag"]}
    )

    assert first["X-Page-Cache"] == "miss"
    assert first["Cache-Control"].startswith("public")
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"


def test_publishing_refreshes_cached_api_answers(
    client, editor, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)
    ArticleFactory(published=True)
    draft = ArticleFactory(title="A new explainer", allow_comments=False, with_hero=True)
    BlockFactory(article=draft)
    client.get("/api/v1/articles/")
    assert client.get("/api/v1/articles/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_publish(article=draft, user=editor)

    listing = client.get("/api/v1/articles/")
    assert listing["X-Page-Cache"] == "miss"
    assert listing.json()["items"][0]["title"] == "A new explainer"
    assert client.get(f"/api/v1/articles/{draft.slug}/").status_code == 200


def test_interactive_docs_load_their_assets_from_this_site_under_the_strict_policy(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert "http" not in html.split("<body", 1)[1].replace('"/api/v1/openapi.json"', "")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_approving_a_comment_refreshes_the_cached_comment_list(
    client, article, monkeypatch, django_capture_on_commit_callbacks
):
    from discussion.services import comment_approve

    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)
    waiting = CommentFactory(article=article, pending=True, body="Worth the wait")
    url = f"/api/v1/articles/{article.slug}/comments/"
    assert client.get(url).json()["items"] == []
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=waiting, moderator=UserFactory(is_staff=True, is_superuser=True))

    assert [item["id"] for item in client.get(url).json()["items"]] == [waiting.pk]


def test_the_apis_address_leads_to_its_docs(client):
    response = client.get("/api/v1/")

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs/"
