"""The page store: pages kept as served, dropped exactly by the keys they show, never lost.

Run on the configured cache (local memory, or Redis in CI's second leg) and, for what only a
shared Redis shows, on a private redis-server of the test's own.
"""

import time
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command

import pytest

from articles import services as article_services
from core import cache as breaker
from core import edge, pagecache, pagestore
from core.models import PendingPurge
from core.pagecache import LISTING, key, keys
from core.pagestore import OUTAGE, PageStore, store
from people.models import Person
from tests.factories import ArticleFactory, CreditFactory, PersonFactory
from tests.private_servers import SilentServer, private_redis_server, redis_caches

pytestmark = pytest.mark.django_db


def entry(body=b"page"):
    return {
        "body": body,
        "headers": [],
        "etag": '"x"',
        "last_modified": None,
        "expires": time.time() + 60,
    }


def stored(name):
    return store.get(name, "identity") is not None


def test_a_purge_drops_exactly_the_pages_showing_its_keys():
    started = time.time() - 1
    store.put("home", {"identity": entry()}, ["list:articles"], timeout=60, started=started)
    store.put(
        "person", {"identity": entry()}, ["person:3", "list:articles"], timeout=60, started=started
    )
    store.put("quote", {"identity": entry()}, ["quote:9", "person:3"], timeout=60, started=started)
    store.put("other", {"identity": entry()}, ["person:4"], timeout=60, started=started)

    store.purge(["person:3"])

    assert [stored(name) for name in ("home", "person", "quote", "other")] == [
        True,
        False,
        False,
        True,
    ]


def test_a_page_rendered_while_a_purge_ran_is_not_kept(monkeypatch):
    monkeypatch.setattr(pagestore, "CLOCK_SKEW", 0)
    started = time.time()
    store.purge(["article:1"])  # lands while the page is being rendered

    store.put("article", {"identity": entry()}, ["article:1"], timeout=60, started=started)

    assert not stored("article")


def test_every_encoding_of_a_page_goes_with_it():
    started = time.time() - 1
    bodies = {"br": entry(b"b"), "gzip": entry(b"g"), "identity": entry(b"i")}
    store.put("page", bodies, ["article:1"], timeout=60, started=started)
    assert store.get("page", "br")["body"] == b"b"

    store.purge(["article:1"])

    assert [store.get("page", encoding) for encoding in ("br", "gzip", "identity")] == [None] * 3


def test_a_credit_change_touches_the_pages_of_its_person_and_production():
    credit = CreditFactory()

    assert set(keys(credit)) == {key(credit.person), key(credit.production)}
    assert key(Person, credit.person_id) == f"person:{credit.person_id}"


def test_an_article_change_touches_its_page_and_every_list():
    article = ArticleFactory(published=True)

    assert keys(article) == [f"article:{article.pk}", LISTING]


def test_the_article_page_declares_what_a_change_to_its_people_touches(client):
    person = PersonFactory()
    article = ArticleFactory(published=True, allow_comments=False)
    article.people.add(person)
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    store.purge(keys(person))

    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_purge_is_written_with_the_change_and_deleted_once_sent(
    editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article_services.article_unpublish(article=article, user=editor)
        # Written in the change's own transaction, before anything was sent.
        assert f"article:{article.pk}" in PendingPurge.objects.get().keys
    for callback in callbacks:
        callback()

    assert not PendingPurge.objects.exists()


def test_a_purge_a_cache_refused_is_kept_and_sent_again(
    monkeypatch, client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, allow_comments=False)
    url = article.get_absolute_url()
    client.get(url)
    calls = []

    def down(names):
        calls.append(names)
        raise ConnectionError("Redis is hanging")

    monkeypatch.setattr(store, "purge", down)
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(*keys(article))
    assert calls
    assert PendingPurge.objects.count() == 1
    monkeypatch.undo()

    # The process that saw the failure serves no stored page until the purge went through.
    response = client.get(url)

    assert response["X-Page-Cache"] == "miss"
    assert not PendingPurge.objects.exists()


def test_send_purges_sends_what_waits_and_fails_while_a_cache_is_down(monkeypatch):
    PendingPurge.objects.create(keys=["article:1"])
    monkeypatch.setattr(store, "purge", lambda names: (_ for _ in ()).throw(ConnectionError()))

    with pytest.raises(SystemExit):
        call_command("send_purges")
    assert PendingPurge.objects.get().attempts == 1

    monkeypatch.undo()
    call_command("send_purges")
    assert not PendingPurge.objects.exists()


# == On a shared Redis ========================================================================


@pytest.fixture
def redis_cache(settings):
    """The default cache on a private redis-server, with the production options."""
    breaker.reset()
    with private_redis_server() as (_process, port):
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
        yield port
    breaker.reset()


@pytest.mark.servers
def test_on_redis_the_key_sets_are_redis_sets_every_process_sees(redis_cache):
    started = time.time() - 1
    store.put("page", {"identity": entry()}, ["article:5"], timeout=60, started=started)
    client = cache.client.get_client()

    members = client.smembers(cache.make_key("keyset:article:5"))

    assert len(members) == 1
    store.purge(["article:5"])
    assert not stored("page")
    assert not client.exists(cache.make_key("keyset:article:5"))


@pytest.mark.servers
def test_a_purge_made_while_redis_hangs_is_sent_once_it_answers(
    settings, redis_cache, client, django_capture_on_commit_callbacks, editor
):
    article = ArticleFactory(published=True, allow_comments=False)
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    healthy = settings.CACHES

    silent = SilentServer()
    try:
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{silent.port}/0")
        with django_capture_on_commit_callbacks(execute=True):
            article_services.article_unpublish(article=article, user=editor)
    finally:
        silent.close()
    assert PendingPurge.objects.count() == 1

    # Redis answers again, with the old page still in it.
    breaker.reset()
    settings.CACHES = healthy

    assert client.get(url).status_code == 404
    assert not PendingPurge.objects.exists()


class RefusingEdge:
    """An edge whose purge API is down."""

    header = "xkey"
    calls = 0

    def header_value(self, names):
        return " ".join(names)

    def purge(self, names):
        RefusingEdge.calls += 1
        raise edge.PurgeFailed("varnish: connection refused")


def test_an_edge_that_refuses_a_purge_leaves_the_app_cache_working_and_is_sent_again(
    monkeypatch, client, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(pagestore, "CLOCK_SKEW", 0)
    article = ArticleFactory(published=True, allow_comments=False)
    url = article.get_absolute_url()
    client.get(url)
    monkeypatch.setattr(edge, "backends", lambda: (RefusingEdge(),))

    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(*keys(article))

    # The app's own copy went; the next copy is stored and served as usual.
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert PendingPurge.objects.get().attempts == 1

    monkeypatch.setattr(edge, "backends", lambda: ())
    call_command("send_purges")
    assert not PendingPurge.objects.exists()


@pytest.mark.servers
def test_each_process_keeps_copies_and_drops_them_when_another_purges(redis_cache):
    started = time.time() - 1
    worker_a, worker_b = PageStore(), PageStore()
    worker_a.put("page", {"identity": entry(b"old")}, ["article:7"], timeout=60, started=started)
    assert worker_b.get("page", "identity")["body"] == b"old"
    cache.set(f"{worker_b.base('page')}:identity", entry(b"changed behind its back"), 60)
    # A hit is this process's copy: no round trip.
    assert worker_b.get("page", "identity")["body"] == b"old"

    worker_a.purge(["article:7"])

    assert worker_b.get("page", "identity") is None


@pytest.mark.servers
def test_copies_stop_when_the_purge_channel_stops_answering(redis_cache, monkeypatch):
    started = time.time() - 1
    worker = PageStore()
    worker.put("page", {"identity": entry()}, ["article:8"], timeout=60, started=started)
    assert worker.get("page", "identity") is not None
    sets = worker.key_sets()
    monkeypatch.setattr(sets, "HEARTBEAT", 0.05)
    monkeypatch.setattr(type(sets.listener), "ping", lambda self, *a, **k: None)  # a hung Redis
    sets.pinged = time.monotonic()
    sets.ponged = sets.pinged - 1
    time.sleep(0.1)

    assert sets.copy(f"{worker.base('page')}:identity") == (False, None)
    assert worker.get("page", "identity") is None
    # Purges may have failed meanwhile: they go out before a stored page is served again.
    assert OUTAGE.is_set()


def test_compose_redis_is_bounded_and_evicts_only_what_expires():
    compose = (Path(__file__).resolve().parent.parent / "deploy" / "compose.yaml").read_text()
    command = next(line for line in compose.splitlines() if '"redis-server"' in line)

    assert '"--maxmemory", "256mb"' in command
    # allkeys-* could evict a key set (no expiry) and let a purge miss its pages.
    assert '"--maxmemory-policy", "volatile-lru"' in command


@pytest.mark.servers
def test_key_sets_and_purge_dates_never_expire_in_redis(redis_cache):
    started = time.time() - 1
    store.put("page", {"identity": entry()}, ["article:9"], timeout=60, started=started)
    store.purge(["article:4"])
    client = cache.client.get_client()

    assert client.ttl(cache.make_key("keyset:article:9")) == -1
    assert client.ttl(cache.make_key("purged:article:4")) == -1
    assert client.ttl(f"{cache.make_key(store.base('page'))}:identity") > 0
