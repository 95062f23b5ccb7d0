"""A stored page carries the generation it was rendered at: while nothing anywhere was
invalidated it is served without reading its tags, and once something was, its tags decide."""

from django.core.cache import cache

import pytest

from core.pagecache import GENERATION_KEY, invalidate, local_entries, remember, tag
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_clock(monkeypatch):
    monkeypatch.setattr("core.pagecache.CLOCK_SKEW", 0)


def test_a_change_elsewhere_keeps_the_copy_and_a_change_here_refreshes_it(
    client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, title="Kept until it changes")
    other = ArticleFactory(published=True)
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        invalidate(tag("article", other.pk))
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        invalidate(tag("article", article.pk))
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_lost_generation_never_makes_a_stale_copy_fresh(
    client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True)
    url = article.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        invalidate(tag("person", 1))
    cache.delete(GENERATION_KEY)
    local_entries.clear()

    with django_capture_on_commit_callbacks(execute=True):
        invalidate(tag("article", article.pk))

    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_shared_value_is_unpickled_once_per_process_until_its_tag_changes(
    django_capture_on_commit_callbacks,
):
    builds = []

    def build():
        builds.append(1)
        return {"title": f"version {len(builds)}"}, [tag("article", 7)]

    first = remember("test:shared", build, timeout=60, shared=True)
    assert remember("test:shared", build, timeout=60, shared=True) is first
    # Another process (this one's copy forgotten) unpickles its own, once.
    local_entries.clear()
    second = remember("test:shared", build, timeout=60, shared=True)
    assert second == first and second is not first
    assert remember("test:shared", build, timeout=60, shared=True) is second
    assert len(builds) == 1

    with django_capture_on_commit_callbacks(execute=True):
        invalidate(tag("article", 7))
    assert remember("test:shared", build, timeout=60, shared=True) == {"title": "version 2"}
    # Without `shared`, each caller gets a copy of its own.
    plain = remember("test:plain", build, timeout=60)
    assert remember("test:plain", build, timeout=60) is not plain
