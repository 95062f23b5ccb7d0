"""The page cache's generation kept in each process, refreshed when Redis says it changed.

Every anonymous request asks for the generation; with a TrackedKey (core/tracking.py) that
costs no round trip to Redis, and a change made by another process is still seen on the
next request. A connection that drops or a Redis that hangs is never trusted: the page cache
falls back to asking the cache, as before. Each test runs a redis-server of its own.
"""

import socket
import threading
import time

from django.core.cache import cache

import pytest
import redis

from core import cache as breaker
from core.pagecache import GENERATION_KEY, tag, version_key
from core.tracking import UNKNOWN, TrackedKey
from tests.factories import ArticleFactory
from tests.private_servers import SilentServer, free_port, private_redis_server, redis_caches


@pytest.fixture
def server():
    with private_redis_server() as (_, port):
        yield port


@pytest.fixture
def other(server):
    """Another process's connection to the same Redis."""
    connection = redis.Redis(port=server)
    yield connection
    connection.close()


def tracked_at(port, **options):
    return TrackedKey(f"redis://127.0.0.1:{port}/0", "generation", decode=int, **options)


def get_calls(connection):
    return connection.info("commandstats").get("cmdstat_get", {}).get("calls", 0)


def test_a_change_made_elsewhere_is_seen_on_the_next_read(server, other):
    other.set("generation", 1)
    tracked = tracked_at(server)
    assert tracked.get() == 1
    other.incr("generation")
    # Redis has written the invalidation once it answers this connection's next command.
    other.ping()
    assert tracked.get() == 2
    other.delete("generation")
    other.ping()
    assert tracked.get() is None
    tracked.close()


def test_reads_cost_no_round_trip_until_the_key_changes(server, other):
    other.set("generation", 7)
    tracked = tracked_at(server)
    assert tracked.get() == 7
    before = get_calls(other)
    assert all(tracked.get() == 7 for _ in range(200))
    assert get_calls(other) == before
    other.set("generation", 8)
    other.ping()
    assert [tracked.get() for _ in range(3)] == [8, 8, 8]
    assert get_calls(other) == before + 1
    tracked.close()


def test_this_process_sees_its_own_change_whatever_redis_sends(server, other):
    other.set("generation", 1)
    tracked = tracked_at(server)
    assert tracked.get() == 1
    other.incr("generation")
    tracked.forget()
    assert tracked.get() == 2
    tracked.close()


def test_a_dropped_connection_is_never_trusted(server, other):
    other.set("generation", 1)
    tracked = tracked_at(server, retry_seconds=0)
    assert tracked.get() == 1
    [tracking] = [c for c in other.client_list() if "t" in c["flags"]]
    other.client_kill_filter(_id=tracking["id"])
    other.set("generation", 5)
    # The old copy is gone with its connection: unknown now, or read anew; never 1.
    assert tracked.get() in (UNKNOWN, 5)
    assert tracked.get() == 5
    other.set("generation", 6)
    other.ping()
    assert tracked.get() == 6, "the new connection tracks the key again"
    tracked.close()


def test_a_refused_redis_is_unknown_at_once_and_asked_again_later():
    tracked = tracked_at(free_port(), retry_seconds=60)
    assert tracked.get() is UNKNOWN
    started = time.monotonic()
    assert tracked.get() is UNKNOWN
    assert time.monotonic() - started < 0.05, "no new connection before the retry time"


def test_a_hung_redis_costs_one_timeout_then_nothing():
    silent = SilentServer()
    try:
        tracked = tracked_at(silent.port, timeout=0.2, connect_timeout=0.2, retry_seconds=60)
        started = time.monotonic()
        assert tracked.get() is UNKNOWN
        assert time.monotonic() - started < 1
        started = time.monotonic()
        assert tracked.get() is UNKNOWN
        assert time.monotonic() - started < 0.05
    finally:
        silent.close()


@pytest.mark.django_db
def test_the_page_cache_sees_another_process_change_on_the_next_request(
    server, other, client, settings
):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{server}/0")
    breaker.reset()
    try:
        article = ArticleFactory(published=True, title="Before the change")
        url = article.get_absolute_url()
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
        before = get_calls(other)
        assert client.get(url)["X-Page-Cache"] == "hit"
        assert get_calls(other) == before, "a hit reads neither the generation nor the entry"

        # What another app server does on commit (core.pagecache.invalidate), without this
        # process knowing: date the article's tag, then move the generation on.
        type(article).objects.filter(pk=article.pk).update(title="After the change")
        cache.set(version_key(tag("article", article.pk)), time.time() + 1, timeout=None)
        cache.incr(GENERATION_KEY)
        other.ping()

        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert b"After the change" in response.content
    finally:
        breaker.reset()


def test_a_redis_without_tracking_is_left_alone_for_minutes():
    """Redis before 6 answers HELLO with an error: no new connection on every request."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)

    def answer():
        connection, _ = listener.accept()
        connection.recv(1024)
        connection.sendall(b"-ERR unknown command 'HELLO'\r\n")
        connection.close()

    threading.Thread(target=answer, daemon=True).start()
    tracked = tracked_at(listener.getsockname()[1], retry_seconds=0)
    try:
        assert tracked.get() is UNKNOWN
        assert tracked.retry_at - time.monotonic() > 60
        assert tracked.get() is UNKNOWN
    finally:
        listener.close()
