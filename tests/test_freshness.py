"""The admin's freshness view lists explainers to check, and only those."""

import datetime

from django.utils import timezone

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, AvailabilityFactory, ProductionFactory

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/freshness/"


def test_freshness_lists_exactly_the_overdue_explainers(client, editor):
    today = timezone.localdate()
    due_today = ArticleFactory(published=True, review_by=today, title="Due today")
    overdue = ArticleFactory(published=True, review_by=today - datetime.timedelta(days=30))
    ArticleFactory(published=True, review_by=today + datetime.timedelta(days=1))
    ArticleFactory(published=True, review_by=None)
    ArticleFactory(status=Article.Status.ARCHIVED, review_by=today - datetime.timedelta(days=3))
    ArticleFactory(review_by=today - datetime.timedelta(days=3))  # a draft is not live yet
    client.force_login(editor)

    response = client.get(URL)

    assert response.status_code == 200
    assert list(response.context["due"]) == [overdue, due_today]
    assert f"/admin/articles/article/{overdue.pk}/change/" in response.content.decode()


def test_freshness_lists_explainers_whose_where_to_watch_offer_ended(client, editor):
    today = timezone.localdate()
    ended = ProductionFactory(title="Left Netflix")
    AvailabilityFactory(
        production=ended,
        platform="Netflix",
        available_from=today - datetime.timedelta(days=400),
        available_until=today - datetime.timedelta(days=1),
    )
    current = ProductionFactory()
    AvailabilityFactory(production=current, available_from=today - datetime.timedelta(days=5))
    stale = ArticleFactory(published=True)
    stale.productions.add(ended)
    fresh = ArticleFactory(published=True)
    fresh.productions.add(current)
    client.force_login(editor)

    response = client.get(URL)

    assert [article for article, _ in response.context["stale_rows"]] == [stale]
    assert "Left Netflix: Netflix until" in response.content.decode()


def test_change_list_links_to_freshness(client, editor):
    client.force_login(editor)

    assert URL in client.get("/admin/articles/article/").content.decode()


def test_freshness_is_for_editors(client, reader, writer):
    client.force_login(writer)
    writer_status = client.get(URL).status_code
    writer_list = client.get("/admin/articles/article/").content.decode()
    client.force_login(reader)

    assert writer_status == 403
    assert URL not in writer_list
    assert client.get(URL).status_code == 302  # not staff: to the login page
