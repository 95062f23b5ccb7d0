"""The admin index is the newsroom dashboard: what waits for each person, counted and linked."""

import datetime

from django.utils import timezone

import pytest

from articles.models import Article
from desk.selectors import LISTED
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    CommentFactory,
    ProductionFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/"


def cards(response):
    return {card.key: card for card in response.context["dashboard"]}


@pytest.fixture
def newsroom(editor):
    """Two comments held, one submission, three scheduled (one next month), two to check."""
    today = timezone.localdate()
    now = timezone.now()
    CommentFactory.create_batch(2, pending=True)
    CommentFactory()  # approved: nothing to do
    ArticleFactory(status=Article.Status.IN_REVIEW, title="Waiting for an editor")
    ArticleFactory(scheduled=True, title="Tomorrow piece")
    ArticleFactory(
        status=Article.Status.SCHEDULED,
        publish_at=now + datetime.timedelta(days=6),
        title="Next week piece",
    )
    ArticleFactory(status=Article.Status.SCHEDULED, publish_at=now + datetime.timedelta(days=20))
    # Its time has come: it is published, not "scheduled this week".
    ArticleFactory(status=Article.Status.SCHEDULED, publish_at=now - datetime.timedelta(hours=1))
    ArticleFactory(published=True, review_by=today - datetime.timedelta(days=2), title="Overdue")
    ended = ProductionFactory()
    AvailabilityFactory(
        production=ended,
        available_from=today - datetime.timedelta(days=90),
        available_until=today - datetime.timedelta(days=1),
    )
    stale = ArticleFactory(published=True, title="Cites an ended offer")
    stale.productions.add(ended)
    ArticleFactory(authors=[editor], title="My own draft")
    ArticleFactory(title="Another draft")


def test_editor_dashboard_counts_what_waits_and_links_to_it(client, editor, newsroom):
    client.force_login(editor)

    response = client.get(URL)

    assert response.status_code == 200
    seen = cards(response)
    assert {key: card.count for key, card in seen.items()} == {
        "comments": 2,
        "review": 1,
        "scheduled": 2,
        "freshness": 2,
        "drafts": 1,
        "assigned": 0,
        "due": 0,
        "catalogue-requests": 0,
    }
    page = response.content.decode()
    assert "Waiting for an editor" in page
    assert "Tomorrow piece" in page and "Next week piece" in page
    assert "Overdue" in page and "Cites an ended offer" in page
    assert "My own draft" in page and "Another draft" not in page
    assert 'href="/admin/articles/article/schedule/"' in page
    assert 'href="/admin/articles/article/freshness/"' in page
    assert 'href="/admin/articles/article/?shortcut=review"' in page


def test_dashboard_costs_the_same_whatever_the_newsroom_holds(
    client, editor, newsroom, django_assert_max_num_queries
):
    client.force_login(editor)
    # 12 for the newsroom's cards, 3 for planning's (one count, two short lists), 1 for the
    # writers' catalogue requests (test_catalogue_request_answers.py).
    with django_assert_max_num_queries(16):
        client.get(URL)
    for _ in range(10):
        ArticleFactory(status=Article.Status.IN_REVIEW)
        ArticleFactory(authors=[editor])
        CommentFactory(pending=True)
    with django_assert_max_num_queries(16):
        response = client.get(URL)
    assert cards(response)["review"].count == 11
    assert len(cards(response)["comments"].rows) == LISTED


def test_moderator_gets_the_comment_queue_link_and_no_article_cards(client, moderator):
    CommentFactory(pending=True)
    client.force_login(moderator)

    response = client.get(URL)

    assert list(cards(response)) == ["comments"]
    assert "/admin/discussion/comment/?status__exact=pending" in response.content.decode()


def test_editor_sees_how_many_comments_wait_but_the_queue_is_the_moderators(client, editor):
    CommentFactory(pending=True)
    client.force_login(editor)

    card = cards(client.get(URL))["comments"]

    assert (card.count, card.url) == (1, "")


def test_writer_sees_their_own_drafts_and_submissions_only(client, writer):
    ArticleFactory(authors=[writer], title="A writer draft")
    ArticleFactory(authors=[writer], status=Article.Status.IN_REVIEW)
    ArticleFactory(status=Article.Status.IN_REVIEW)
    CommentFactory(pending=True)
    client.force_login(writer)

    seen = cards(client.get(URL))

    assert {key: card.count for key, card in seen.items()} == {
        "review": 1,
        "drafts": 1,
        "assigned": 0,
        "my-requests": 0,
    }


def test_the_comments_card_lists_what_waits_with_its_author_words_and_article(client, moderator):
    article = ArticleFactory(published=True, title="Missing You ending explained")
    now = timezone.now()
    CommentFactory(
        article=article,
        pending=True,
        guest_name="Priya",
        body="Why did the sister never tell anyone about the second phone she kept hidden?",
        created_at=now - datetime.timedelta(minutes=5),
    )
    older = CommentFactory(
        pending=True, guest_name="Marcus", created_at=now - datetime.timedelta(hours=2)
    )
    CommentFactory(guest_name="Already approved")
    client.force_login(moderator)

    response = client.get(URL)

    card = cards(response)["comments"]
    assert [row.author for row in card.rows] == ["Priya", "Marcus"]
    first = card.rows[0]
    assert first.excerpt == "Why did the sister never tell anyone about the second phone she…"
    assert first.article_title == "Missing You ending explained"
    page = response.content.decode()
    comment = article.comments.get()
    assert f'href="/admin/discussion/comment/{comment.pk}/change/"' in page
    assert f'href="/admin/discussion/comment/{older.pk}/change/"' in page
    assert f'href="/admin/articles/article/{article.pk}/change/">Missing You' in page
    assert "Already approved" not in page


def test_the_comments_card_lists_at_most_a_few_and_links_to_the_rest(
    client, moderator, django_assert_max_num_queries
):
    CommentFactory(pending=True)
    client.force_login(moderator)
    with django_assert_max_num_queries(8) as few:
        client.get(URL)
    CommentFactory.create_batch(LISTED + 3, pending=True)

    with django_assert_max_num_queries(len(few)):
        response = client.get(URL)

    card = cards(response)["comments"]
    assert (card.count, len(card.rows)) == (LISTED + 4, LISTED)
    assert (
        f'<a href="/admin/discussion/comment/?status__exact=pending">All {LISTED + 4} →'
        in response.content.decode()
    )


def test_an_editor_reads_what_waits_without_links_into_the_moderators_queue(client, editor):
    comment = CommentFactory(pending=True, guest_name="Jo")
    client.force_login(editor)

    response = client.get(URL)

    card = cards(response)["comments"]
    assert [(row.author, row.url) for row in card.rows] == [("Jo", "")]
    assert f"/admin/discussion/comment/{comment.pk}/change/" not in response.content.decode()


def test_nothing_waiting_says_so(client, moderator):
    CommentFactory()
    client.force_login(moderator)

    response = client.get(URL)

    assert cards(response)["comments"].rows == []
    assert "No comment is waiting." in response.content.decode()
