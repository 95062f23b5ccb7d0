"""Redis failing under the page cache: no purge is lost, no stale page comes back, the log stays
quiet, and junk query strings leave its memory flat.

Each test runs its own redis-server (tests/private_servers.py) and freezes, kills or
restarts it; the database is the suite's own (PostgreSQL in CI's second leg). The machine's
shared Redis is never touched.
"""

import logging
import time

from django.core.cache import cache

import pytest
import redis as redis_py

from articles import services as article_services
from core import cache as breaker
from core.models import PendingPurge
from core.pagestore import _RedisKeySets
from tests.factories import ArticleFactory
from tests.private_servers import RedisProcess, redis_caches

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.servers]

#: How long the breaker and the purge channel wait before trying a failed Redis again here.
PAUSE = 0.3


@pytest.fixture
def redis(settings, tmp_path, monkeypatch):
    """A private Redis under the default cache, tried again soon after it fails."""
    server = RedisProcess(tmp_path)
    server.start()
    caches = redis_caches(server.url)
    caches["default"]["OPTIONS"]["CIRCUIT_BREAKER_SECONDS"] = PAUSE
    settings.CACHES = caches
    monkeypatch.setattr(_RedisKeySets, "RETRY", PAUSE)
    breaker.reset()
    yield server
    server.close()
    breaker.reset()


@pytest.fixture
def story(client):
    """A published explainer whose page and the home page listing it are stored."""
    article = ArticleFactory(published=True, allow_comments=False, title="The Vanishing Heir")
    url = article.get_absolute_url()
    for address in (url, "/"):
        client.get(address)
        assert client.get(address)["X-Page-Cache"] == "hit"
    return article


def shows_nothing_of(client, article):
    """Readers get the article's 404, and a home page without it."""
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get("/").content.decode()
    return True


def after_the_pause(client, article, seconds=3):
    """Request the pages until the process trusts Redis again, checking each answer."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert shows_nothing_of(client, article)
        time.sleep(PAUSE / 2)


def unpublish(article, editor, capture):
    with capture(execute=True):
        article_services.article_unpublish(article=article, user=editor)


def test_redis_hung_while_an_editor_unpublishes_leaves_no_stale_page_after_it_returns(
    redis, client, story, editor, django_capture_on_commit_callbacks
):
    redis.freeze()
    unpublish(story, editor, django_capture_on_commit_callbacks)

    # The purge could not be applied: it waits, and readers get the database's answer.
    assert PendingPurge.objects.count() == 1
    assert shows_nothing_of(client, story)

    redis.thaw()
    after_the_pause(client, story)

    assert not PendingPurge.objects.exists()


def test_a_purge_made_while_redis_is_down_is_applied_when_it_restarts_with_its_data(
    redis, client, story, editor, django_capture_on_commit_callbacks
):
    redis_py.Redis.from_url(redis.url).save()
    redis.kill()
    unpublish(story, editor, django_capture_on_commit_callbacks)
    assert PendingPurge.objects.count() == 1

    redis.start()  # with the page and the home page it saved

    after_the_pause(client, story)
    assert not PendingPurge.objects.exists()


def test_a_redis_restored_from_a_snapshot_older_than_a_purge_serves_nothing_it_dropped(
    redis, client, story, editor, django_capture_on_commit_callbacks, caplog
):
    raw = redis_py.Redis.from_url(redis.url)
    raw.save()  # the snapshot holds both pages
    unpublish(story, editor, django_capture_on_commit_callbacks)
    assert not PendingPurge.objects.exists()  # applied: nothing records it any more
    assert shows_nothing_of(client, story)

    redis.kill()
    redis.start()  # a crash, or a failover: the older data is back, the purge is not
    assert raw.dbsize() > 0

    after_the_pause(client, story)
    assert "Redis restarted or failed over" in caplog.text


def test_an_outage_logs_one_line_when_it_starts_and_one_when_it_ends(redis, client, caplog):
    article = ArticleFactory(published=True, allow_comments=False)
    urls = ["/", article.get_absolute_url(), "/feed/", "/sitemap.xml"]
    for url in urls:
        client.get(url)
    redis.kill()

    with caplog.at_level(logging.WARNING):
        deadline = time.monotonic() + 8 * PAUSE
        while time.monotonic() < deadline:
            for url in urls:
                assert client.get(url).status_code == 200
                cache.get("some-limit")
        redis.start()
        time.sleep(PAUSE)
        for _ in range(3):
            for url in urls:
                client.get(url)
            time.sleep(PAUSE)

    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2, lines
    assert "unreachable" in lines[0]
    assert "answers again" in lines[1]
    skipped = int(lines[1].split("; ")[1].split()[0])
    assert skipped > len(urls)
    assert not any(record.exc_info for record in caplog.records)


def test_ten_thousand_unique_query_strings_leave_redis_memory_flat(redis, client, explainer):
    raw = redis_py.Redis.from_url(redis.url)
    person = explainer.people.first()
    urls = ["/", explainer.get_absolute_url(), person.get_absolute_url(), "/feed/"]
    for _ in range(2):
        for url in urls:
            client.get(url)
    keys_before, memory_before = raw.dbsize(), raw.info("memory")["used_memory_dataset"]

    for number in range(10_000):
        url = urls[number % len(urls)]
        response = client.get(url, {f"cb{number}": number, "utm_source": f"mail{number}"})
        assert response.status_code == 200

    assert raw.dbsize() == keys_before
    # What the stored data takes, without the connections' buffers (which come and go). It
    # may shrink (a value replaced by a smaller one, an entry past its time); it may not grow.
    memory_after = raw.info("memory")["used_memory_dataset"]
    assert memory_after <= memory_before * 1.05, (memory_before, memory_after)
