"""With Redis refused or hung, readers still comment at once, and flood limits still hold.

Each test points the cache at a Redis of its own (a closed port, a private `redis-server`,
or a socket that accepts and never answers): the machine's shared Redis is never touched.
"""

import time

from django.core.cache import cache

import pytest

from core import cache as breaker
from tests.discussion_forms import comment_data, post_url
from tests.factories import ArticleFactory
from tests.private_servers import SilentServer, free_port, private_redis_server, redis_caches

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]


@pytest.fixture
def redis_at(settings):
    """Point the default cache at a Redis URL, with the production options."""

    def point(url):
        settings.CACHES = redis_caches(url)

    breaker.reset()
    yield point
    breaker.reset()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def private_redis():
    """A redis-server of this test's own, on a free port, stopped at the end."""
    with private_redis_server() as server:
        yield server


def _comments_within_a_minute(client, article, count):
    return [
        client.post(post_url(article), comment_data(body=f"Comment number {n} here")).status_code
        for n in range(count)
    ]


def _assert_comment_answered_fast_and_floods_refused(client, settings, point, url):
    settings.DISCUSSION_RATE_LIMITS = {**settings.DISCUSSION_RATE_LIMITS, "comment": "5/m"}
    article = ArticleFactory(published=True)
    # Warm up (imports, templates) with the healthy cache, so the bound measures the outage.
    client.get(post_url(article))
    client.post(post_url(article), comment_data(website="bot"))
    point(url)

    started = time.monotonic()
    first = client.post(post_url(article), comment_data(body="The first one, at once"))
    elapsed = time.monotonic() - started

    assert first.status_code == 302
    assert elapsed < 1
    assert _comments_within_a_minute(client, article, 5) == [302, 302, 302, 302, 429]


def test_with_redis_refused_a_comment_is_answered_at_once_and_floods_are_refused(
    client, settings, redis_at
):
    url = f"redis://127.0.0.1:{free_port()}/0"

    _assert_comment_answered_fast_and_floods_refused(client, settings, redis_at, url)


def test_with_redis_hung_a_comment_is_answered_at_once_and_floods_are_refused(
    client, settings, redis_at, silent_server
):
    url = f"redis://127.0.0.1:{silent_server.port}/0"

    _assert_comment_answered_fast_and_floods_refused(client, settings, redis_at, url)


@pytest.mark.servers
def test_with_a_stopped_redis_readers_keep_commenting_within_the_limits(
    client, settings, redis_at, private_redis
):
    process, port = private_redis
    url = f"redis://127.0.0.1:{port}/0"
    redis_at(url)
    cache.set("alive", 1)
    assert cache.get("alive") == 1
    process.kill()
    process.wait()

    _assert_comment_answered_fast_and_floods_refused(client, settings, redis_at, url)


def test_after_a_timeout_the_cache_is_skipped_for_a_while_then_tried_again(
    redis_at, silent_server, monkeypatch
):
    redis_at(f"redis://127.0.0.1:{silent_server.port}/0")
    assert cache.get("anything", "default") == "default"
    tried = len(silent_server.accepted)

    assert cache.get("anything", "default") == "default"
    assert cache.add("key", 1) is None
    assert cache.get_many(["a", "b"]) == {}
    assert len(silent_server.accepted) == tried

    later = time.monotonic() + 6
    monkeypatch.setattr(breaker.time, "monotonic", lambda: later)
    assert cache.get("anything", "default") == "default"
    assert len(silent_server.accepted) > tried


@pytest.mark.servers
def test_a_healthy_redis_keeps_counting_rate_limits_in_the_cache(
    client, settings, redis_at, private_redis
):
    _process, port = private_redis
    redis_at(f"redis://127.0.0.1:{port}/0")
    settings.DISCUSSION_RATE_LIMITS = {**settings.DISCUSSION_RATE_LIMITS, "comment": "2/m"}
    article = ArticleFactory(published=True)

    # Refused posts store nothing, yet count: the cache sees attempts, the database only rows.
    statuses = [
        client.post(post_url(article), comment_data(body="", email="x")).status_code
        for _ in range(3)
    ]

    assert statuses == [400, 400, 429]


def test_with_redis_refused_votes_and_subscriptions_are_limited_in_the_database(
    client, settings, redis_at, django_capture_on_commit_callbacks
):
    from tests.factories import CommentFactory

    settings.DISCUSSION_RATE_LIMITS = {"vote": "2/m", "subscribe": "2/h"}
    article = ArticleFactory(published=True)
    comments = [CommentFactory(article=article) for _ in range(3)]
    redis_at(f"redis://127.0.0.1:{free_port()}/0")

    votes = [
        client.post(f"/discussion/comment/{comment.pk}/vote/", {"value": 1}).status_code
        for comment in comments
    ]
    with django_capture_on_commit_callbacks(execute=True):
        subscribes = [
            client.post(
                f"/discussion/{article.pk}/subscribe/",
                {"email": f"r{n}@example.com", "kind": "all"},
            ).status_code
            for n in range(3)
        ]

    assert votes == [302, 302, 429]
    assert subscribes == [302, 302, 429]
