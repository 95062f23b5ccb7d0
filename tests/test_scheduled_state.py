"""A scheduled piece whose time has come reads as Published across the admin, with no job run."""

import datetime

from django.utils import timezone

import pytest
import time_machine

from articles.models import Article
from tests.factories import ArticleFactory
from tests.workflow_forms import CHANGELIST_URL, change_url

pytestmark = pytest.mark.django_db

SCHEDULE_URL = "/admin/articles/article/schedule/"


@pytest.fixture
def went_live():
    """Scheduled for an hour ago: readers see it already."""
    return ArticleFactory(
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
        title="Went live an hour ago",
    )


@pytest.fixture
def upcoming():
    return ArticleFactory(scheduled=True, title="Goes live tomorrow")


def test_the_model_says_published_once_the_time_has_come(went_live, upcoming):
    assert went_live.shown_status == Article.Status.PUBLISHED
    assert upcoming.shown_status == Article.Status.SCHEDULED
    assert went_live in Article.objects.published()


def test_the_change_list_badge_says_published(client, editor, went_live, upcoming):
    client.force_login(editor)

    page = client.get(CHANGELIST_URL).content.decode()

    assert '<span class="mq-status mq-status--published">Published</span>' in page
    assert page.count("mq-status--scheduled") == 1


def test_the_status_filter_counts_a_piece_whose_time_came_as_published(
    client, editor, went_live, upcoming
):
    published = ArticleFactory(published=True)
    client.force_login(editor)

    def listed(query):
        return set(client.get(f"{CHANGELIST_URL}?{query}").context["cl"].result_list)

    assert listed("status=published") == {went_live, published}
    assert listed("status=scheduled") == {upcoming}
    assert listed("shortcut=scheduled") == {upcoming}


def test_the_change_form_badge_flips_by_itself_when_the_time_comes(client, editor, upcoming):
    client.force_login(editor)
    assert "mq-status--scheduled" in client.get(change_url(upcoming)).content.decode()

    with time_machine.travel(upcoming.publish_at + datetime.timedelta(minutes=1)):
        client.force_login(editor)
        page = client.get(change_url(upcoming)).content.decode()

    assert '<span class="mq-status mq-status--published">Published</span>' in page
    upcoming.refresh_from_db()
    assert upcoming.status == Article.Status.SCHEDULED  # nothing rewrote the row


def test_sorting_by_status_puts_a_live_scheduled_piece_with_the_published(
    client, editor, went_live, upcoming
):
    client.force_login(editor)
    ArticleFactory(title="A draft")
    response = client.get(f"{CHANGELIST_URL}?o=2")  # the status column (after the checkbox)

    listed = [article.title for article in response.context["cl"].result_list]
    assert listed == ["A draft", "Went live an hour ago", "Goes live tomorrow"]


def test_the_schedule_lists_upcoming_pieces_by_day_with_links(client, editor, went_live):
    soon = ArticleFactory(
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=3),
        title="In three days",
    )
    much_later = ArticleFactory(
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=60),
        title="In two months",
    )
    client.force_login(editor)

    response = client.get(SCHEDULE_URL)

    assert response.status_code == 200
    assert response.context["scheduled"] == [soon, much_later]
    days = {
        day: articles
        for week in response.context["weeks"]
        for day, articles, _due in filter(None, week)
    }
    assert days[timezone.localdate(soon.publish_at)] == [soon]
    assert response.context["later"] == [much_later]
    page = response.content.decode()
    assert change_url(soon) in page and change_url(much_later) in page
    assert "Went live an hour ago" not in page


def test_the_schedule_is_for_editors(client, writer):
    client.force_login(writer)

    assert client.get(SCHEDULE_URL).status_code == 403


def test_a_piece_whose_time_came_offers_no_publish_now(client, editor, went_live):
    client.force_login(editor)

    page = client.get(change_url(went_live)).content.decode()

    assert 'value="publish"' not in page
    assert 'value="unpublish"' in page
