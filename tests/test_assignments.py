"""Who a piece is assigned to and by when: set by editors in the form, seen by writers,
shown on the dashboard ("Assigned to you", "Due in the next 7 days"), on the schedule's
calendar beside go-live times, and in the article list."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from articles.models import Article
from tests.factories import ArticleFactory
from tests.workflow_forms import article_form_data

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"
SCHEDULE = "/admin/articles/article/schedule/"
CHANGELIST = "/admin/articles/article/"


def days(number):
    return timezone.localdate() + datetime.timedelta(days=number)


def planning(response):
    return {card.key: card for card in response.context["dashboard"]}


@pytest.fixture
def plan(ann, wes):
    """Wes has one overdue draft and one due in three days; Ann one due next month; one
    published piece keeps an old due date (done, so no longer due)."""
    return {
        "late": ArticleFactory(title="Late piece", authors=[wes], assignee=wes, due_date=days(-2)),
        "soon": ArticleFactory(
            title="Soon piece",
            authors=[wes],
            assignee=wes,
            due_date=days(3),
            status=Article.Status.IN_REVIEW,
        ),
        "later": ArticleFactory(title="Later piece", assignee=ann, due_date=days(20)),
        "done": ArticleFactory(title="Done piece", published=True, assignee=wes, due_date=days(-5)),
    }


def test_an_editor_assigns_a_piece_and_sets_its_due_date_in_the_form(client, ann, wes):
    piece = ArticleFactory(title="Unassigned", authors=[wes])
    client.force_login(ann)
    form = client.get(reverse("admin:articles_article_change", args=[piece.pk]))
    assert 'name="assignee"' in form.content.decode()
    assert "Wes Cole" in form.content.decode()

    response = client.post(
        reverse("admin:articles_article_change", args=[piece.pk]),
        {
            **article_form_data(piece, blocks=[]),
            "assignee": wes.pk,
            "due_date": days(4).isoformat(),
            "base_version": piece.edit_version,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    piece.refresh_from_db()
    assert (piece.assignee, piece.due_date) == (wes, days(4))


def test_only_colleagues_who_write_or_edit_are_offered_as_assignees(
    client, ann, wes, moderator, reader
):
    piece = ArticleFactory()
    client.force_login(ann)

    form = client.get(reverse("admin:articles_article_change", args=[piece.pk]))

    choices = form.context["adminform"].form.fields["assignee"].queryset
    assert wes in choices and ann in choices
    assert moderator not in choices and reader not in choices


def test_a_writer_sees_the_assignment_but_cannot_change_it(client, ann, wes):
    piece = ArticleFactory(title="Wes's piece", authors=[wes], assignee=wes, due_date=days(2))
    client.force_login(wes)

    page = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    assert 'name="assignee"' not in page and 'name="due_date"' not in page
    assert '<div class="readonly">Wes Cole</div>' in page
    assert f'<div class="readonly">{days(2):%-d %b %Y}</div>' in page
    client.post(
        reverse("admin:articles_article_change", args=[piece.pk]),
        {
            **article_form_data(piece, blocks=[]),
            "assignee": ann.pk,
            "due_date": days(30).isoformat(),
            "base_version": piece.edit_version,
        },
    )

    piece.refresh_from_db()
    assert (piece.assignee, piece.due_date) == (wes, days(2))


def test_the_dashboard_lists_what_is_assigned_to_you_with_overdue_marked(client, wes, plan):
    client.force_login(wes)

    response = client.get(DASHBOARD)

    card = planning(response)["assigned"]
    assert card.count == 2
    assert [row.article.title for row in card.rows] == ["Late piece", "Soon piece"]
    assert [row.overdue for row in card.rows] == [True, False]
    assert card.attention
    page = response.content.decode()
    assert "<strong>overdue</strong>, was due" in page
    assert "due " + f"{days(3):%a %-d %b}" in page
    # A writer does not get the editors' week.
    assert "due" not in planning(response)


def test_editors_see_everything_due_this_week_with_who_is_on_it(client, ann, plan):
    client.force_login(ann)

    response = client.get(DASHBOARD)

    cards = planning(response)
    assert cards["assigned"].count == 1
    assert [row.article.title for row in cards["assigned"].rows] == ["Later piece"]
    week = cards["due"]
    assert week.count == 2
    assert [(row.article.title, row.assignee) for row in week.rows] == [
        ("Late piece", "Wes Cole"),
        ("Soon piece", "Wes Cole"),
    ]
    assert 'href="/admin/articles/article/?assigned=week"' in response.content.decode()


def test_planning_cards_cost_the_same_queries_however_much_is_assigned(
    client, ann, wes, plan, django_assert_max_num_queries
):
    client.force_login(ann)
    # The whole dashboard, every card included; what is assigned adds no query.
    with django_assert_max_num_queries(15):
        client.get(DASHBOARD)
    for number in range(12):
        ArticleFactory(assignee=wes if number % 2 else ann, due_date=days(number % 6))

    with django_assert_max_num_queries(15):
        response = client.get(DASHBOARD)

    assert planning(response)["due"].count == 14
    assert len(planning(response)["due"].rows) == 5


def test_the_calendar_shows_due_dates_apart_from_go_live_times(client, ann, plan):
    ArticleFactory(
        title="Going live",
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(ann)

    response = client.get(SCHEDULE)

    cells = {
        cell[0]: cell for week in response.context["weeks"] for cell in week if cell is not None
    }
    assert [a.title for a in cells[days(3)][2]] == ["Soon piece"]
    assert [a.title for a in cells[days(20)][2]] == ["Later piece"]
    assert "Going live" not in [a.title for a in cells[days(3)][2]]
    assert [a.title for a in response.context["overdue"]] == ["Late piece"]
    page = response.content.decode()
    assert '<ul class="mq-calendar__due">' in page
    assert "Late piece</a> · was due" in page


def test_the_calendar_costs_the_same_queries_for_many_due_pieces(
    client, ann, wes, django_assert_max_num_queries
):
    client.force_login(ann)
    for number in range(20):
        ArticleFactory(assignee=wes if number % 2 else ann, due_date=days(number))

    with django_assert_max_num_queries(10):
        response = client.get(SCHEDULE)

    assert response.status_code == 200


def test_the_article_list_filters_by_assignment(client, ann, wes, plan):
    client.force_login(ann)

    mine = client.get(CHANGELIST, {"assigned": "me"})
    overdue = client.get(CHANGELIST, {"assigned": "overdue"})
    week = client.get(CHANGELIST, {"assigned": "week"})
    nobody = client.get(CHANGELIST, {"assigned": "nobody"})

    assert "Assigned to me" in mine.content.decode()
    assert [a.title for a in mine.context["cl"].result_list] == ["Later piece"]
    assert [a.title for a in overdue.context["cl"].result_list] == ["Late piece"]
    assert {a.title for a in week.context["cl"].result_list} == {"Late piece", "Soon piece"}
    assert list(nobody.context["cl"].result_list) == []


def test_an_assignee_who_leaves_leaves_the_piece_unassigned(wes, plan):
    wes.delete()

    plan["late"].refresh_from_db()
    assert plan["late"].assignee is None
    assert plan["late"].due_date == days(-2)


def test_a_copy_starts_unassigned_and_without_the_notes(ann, wes, plan):
    from articles import editorial_notes, services

    editorial_notes.editorial_note_post(article=plan["soon"], user=ann, body="Check the cast")

    copy = services.article_duplicate(article=plan["soon"], user=ann)

    assert (copy.assignee, copy.due_date) == (None, None)
    assert not copy.editorial_notes.exists()
