"""Approve, Spam and Remove on a comment's own page and on its row in the queue."""

import datetime

from django.contrib.auth.models import Permission
from django.utils import timezone

import pytest

from discussion.models import Comment, ModerationLog
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]

CHANGELIST = "/admin/discussion/comment/"


def page_url(comment):
    return f"{CHANGELIST}{comment.pk}/change/"


def moderate_url(comment):
    return f"{CHANGELIST}{comment.pk}/moderate/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def held(minutes_ago, **kwargs):
    """A comment waiting for a moderator, written `minutes_ago`."""
    created = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return CommentFactory(pending=True, created_at=created, **kwargs)


# --------------------------------------------------------------------------- the comment's page


def test_the_comment_page_offers_approve_spam_and_remove_and_no_useless_save(client, moderator):
    comment = held(5, body="Is the twin a red herring?")
    client.force_login(moderator)

    html = client.get(page_url(comment)).content.decode()

    assert f'action="{moderate_url(comment)}"' in html
    for verdict, label in (("approve", "Approve"), ("spam", "Spam"), ("remove", "Remove")):
        assert f'name="verdict" value="{verdict}"' in html
        assert f">{label}</button>" in html
    assert 'name="_save"' not in html
    assert "Is the twin a red herring?" in html


def test_an_approved_comment_page_offers_only_what_would_change_it(client, moderator):
    comment = CommentFactory()
    client.force_login(moderator)

    html = client.get(page_url(comment)).content.decode()

    assert 'value="approve"' not in html
    assert 'value="spam"' in html and 'value="remove"' in html


def test_approving_from_the_page_publishes_it_and_opens_the_next_waiting_comment(client, moderator):
    newest = held(1)
    current = held(10, guest_name="Priya")
    following = held(20)
    article = current.article
    client.force_login(moderator)

    response = client.post(moderate_url(current), {"verdict": "approve"}, follow=True)

    current.refresh_from_db()
    article.refresh_from_db()
    assert current.status == Comment.Status.APPROVED
    assert article.comment_count == 1
    assert ModerationLog.objects.get(comment=current).action == ModerationLog.Action.APPROVE
    assert response.redirect_chain[-1][0] == page_url(following)
    assert messages_of(response) == [
        "Approved the comment by Priya: readers see it.",
        "Here is the next comment waiting for moderation.",
    ]
    assert newest.pk != following.pk


def test_after_the_oldest_waiting_comment_the_page_starts_again_at_the_top(client, moderator):
    newest = held(1)
    oldest = held(30)
    client.force_login(moderator)

    response = client.post(moderate_url(oldest), {"verdict": "spam"})

    assert response.url == page_url(newest)


@pytest.mark.parametrize(
    ("verdict", "status", "logged"),
    [
        ("approve", Comment.Status.APPROVED, ModerationLog.Action.APPROVE),
        ("spam", Comment.Status.SPAM, ModerationLog.Action.SPAM),
        ("remove", Comment.Status.REMOVED, ModerationLog.Action.REJECT),
    ],
)
def test_each_verdict_from_the_page_sets_the_status_and_is_logged(
    client, moderator, verdict, status, logged
):
    comment = held(5)
    client.force_login(moderator)

    client.post(moderate_url(comment), {"verdict": verdict})

    comment.refresh_from_db()
    assert comment.status == status
    entry = ModerationLog.objects.get(comment=comment)
    assert (entry.action, entry.moderator) == (logged, moderator)


def test_removing_a_published_comment_takes_it_down_and_hides_it_from_readers(client, moderator):
    comment = CommentFactory(body="Rude words here")
    article = comment.article
    article.comment_count = 1
    article.save(update_fields=["comment_count"])
    client.force_login(moderator)

    client.post(moderate_url(comment), {"verdict": "remove"})

    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert article.comment_count == 0
    assert ModerationLog.objects.get(comment=comment).action == ModerationLog.Action.REMOVE
    assert "Rude words here" not in client.get(article.get_absolute_url()).content.decode()


def test_the_last_waiting_comment_leads_back_to_the_queue_with_a_word(client, moderator):
    comment = held(5, guest_name="Sam")
    client.force_login(moderator)

    response = client.post(moderate_url(comment), {"verdict": "approve"}, follow=True)

    assert response.redirect_chain[-1][0] == CHANGELIST
    assert messages_of(response) == [
        "Approved the comment by Sam: readers see it.",
        "No other comment is waiting: the queue is clear.",
    ]


def test_the_page_keeps_the_lists_filters_on_the_way_to_the_next_comment_and_back(
    client, moderator
):
    first, second = held(1), held(2)
    client.force_login(moderator)
    filters = "_changelist_filters=status__exact%3Dpending"

    html = client.get(f"{page_url(first)}?{filters}").content.decode()
    assert f'action="{moderate_url(first)}?{filters}"' in html

    response = client.post(f"{moderate_url(first)}?{filters}", {"verdict": "approve"})
    assert response.url == f"{page_url(second)}?{filters}"
    response = client.post(f"{moderate_url(second)}?{filters}", {"verdict": "approve"})
    assert response.url == f"{CHANGELIST}?status__exact=pending"


def test_a_comment_someone_else_already_approved_says_so_and_logs_nothing_more(client, moderator):
    comment = held(5, guest_name="Nina")
    client.force_login(moderator)
    client.post(moderate_url(comment), {"verdict": "approve"})

    response = client.post(moderate_url(comment), {"verdict": "approve"}, follow=True)

    assert "The comment by Nina was already approved." in messages_of(response)
    assert ModerationLog.objects.filter(comment=comment).count() == 1


def test_an_unknown_verdict_changes_nothing_and_says_what_to_choose(client, moderator):
    comment = held(5)
    client.force_login(moderator)

    response = client.post(moderate_url(comment), {"verdict": "delete"}, follow=True)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert response.redirect_chain[-1][0] == page_url(comment)
    assert messages_of(response) == ["Choose Approve, Spam or Remove."]
    assert not ModerationLog.objects.exists()


def test_a_comment_that_no_longer_exists_is_said_so(client, moderator):
    client.force_login(moderator)

    response = client.post(f"{CHANGELIST}999999/moderate/", {"verdict": "approve"}, follow=True)

    assert response.status_code == 200
    assert any("doesn’t exist" in message for message in messages_of(response))


# --------------------------------------------------------------------------- who may


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_staff_who_are_not_moderators_cannot_moderate_in_place(client, request, role):
    comment = held(5)
    client.force_login(request.getfixturevalue(role))

    response = client.post(moderate_url(comment), {"verdict": "approve", "back": "list"})

    comment.refresh_from_db()
    assert response.status_code == 403
    assert comment.status == Comment.Status.PENDING
    assert not ModerationLog.objects.exists()


def test_readers_and_visitors_are_sent_to_the_sign_in_page(client, reader):
    comment = held(5)

    anonymous = client.post(moderate_url(comment), {"verdict": "spam"})
    client.force_login(reader)
    signed_in = client.post(moderate_url(comment), {"verdict": "spam"})

    comment.refresh_from_db()
    assert anonymous.status_code == signed_in.status_code == 302
    assert anonymous.url.startswith("/admin/login/")
    assert comment.status == Comment.Status.PENDING


def test_a_moderator_cannot_moderate_by_following_a_link(client, moderator):
    comment = held(5)
    client.force_login(moderator)

    response = client.get(f"{moderate_url(comment)}?verdict=approve")

    comment.refresh_from_db()
    assert response.status_code == 405
    assert comment.status == Comment.Status.PENDING


def test_staff_who_may_only_read_comments_see_the_list_without_buttons(client):
    viewer = UserFactory(is_staff=True, username="auditor")
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    comment = held(5)
    client.force_login(viewer)

    html = client.get(CHANGELIST).content.decode()

    assert f'href="{page_url(comment)}"' in html
    assert 'name="verdict"' not in html
    assert "mq-status--pending" in html


# --------------------------------------------------------------------------- the list's rows


def test_each_row_has_its_own_buttons_and_a_status_badge(client, moderator):
    waiting = held(5, body="Is the twin a red herring?")
    approved = CommentFactory(body="Loved the table of differences.")
    client.force_login(moderator)

    html = client.get(CHANGELIST).content.decode()

    for verdict in ("approve", "spam", "remove"):
        assert f'formaction="{moderate_url(waiting)}" formmethod="post" name="verdict" ' in html
        assert f'value="{verdict}"' in html
    assert html.count(f'formaction="{moderate_url(approved)}"') == 2
    assert '<span class="mq-status mq-status--pending">Pending</span>' in html
    assert '<span class="mq-status mq-status--approved">Approved</span>' in html
    assert f'<a href="{page_url(waiting)}">Is the twin a red herring?</a>' in html
    assert '<input type="hidden" name="back" value="list">' in html


def test_a_row_button_acts_on_that_comment_only_and_returns_to_the_same_page_of_the_list(
    client, moderator
):
    comments = [held(minutes) for minutes in range(1, 25)]
    target, selected = comments[22], comments[0]
    client.force_login(moderator)
    filters = "status__exact=pending&p=2"

    # The whole change list form travels with the button: other ticked rows stay as they are.
    response = client.post(
        moderate_url(target),
        {
            "verdict": "spam",
            "back": "list",
            "_changelist_filters": filters,
            "action": "approve",
            "_selected_action": [selected.pk],
        },
    )

    assert response.url == f"{CHANGELIST}?{filters}"
    target.refresh_from_db()
    selected.refresh_from_db()
    assert (target.status, selected.status) == (Comment.Status.SPAM, Comment.Status.PENDING)
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [
        f"Filed the comment by {target.guest_name} as spam."
    ]
    assert page.context["cl"].page_num == 2


def test_a_row_button_on_the_unfiltered_list_returns_to_the_list(client, moderator):
    comment = held(5)
    client.force_login(moderator)

    response = client.post(
        moderate_url(comment),
        {"verdict": "approve", "back": "list", "_changelist_filters": ""},
    )

    assert response.url == CHANGELIST


def test_the_list_costs_the_same_whatever_the_queue_holds(
    client, moderator, django_assert_max_num_queries
):
    article = ArticleFactory(published=True)
    held(1, article=article)
    client.force_login(moderator)
    with django_assert_max_num_queries(12) as first:
        client.get(CHANGELIST)
    for minutes in range(2, 20):
        held(minutes)
        CommentFactory()

    with django_assert_max_num_queries(len(first)):
        response = client.get(CHANGELIST)

    assert response.content.decode().count('name="verdict" value="remove"') == 20


def test_asked_by_the_lists_script_a_row_button_answers_the_rows_new_cells(client, moderator):
    comment = held(5, guest_name="Kit")
    client.force_login(moderator)

    response = client.post(
        moderate_url(comment),
        {"verdict": "approve", "back": "list"},
        headers={"accept": "application/json"},
    )

    answer = response.json()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert (answer["ok"], answer["level"], answer["status"]) == (True, "success", "approved")
    assert answer["message"] == "Approved the comment by Kit: readers see it."
    assert answer["badge"] == '<span class="mq-status mq-status--approved">Approved</span>'
    assert 'value="approve"' not in answer["cell"]
    assert 'value="spam"' in answer["cell"] and 'value="remove"' in answer["cell"]
    # The message was shown in place: the next page the moderator opens does not repeat it.
    assert list(client.get(CHANGELIST).context["messages"]) == []


def test_asked_by_the_script_a_refusal_is_an_error_answer_and_changes_nothing(client, moderator):
    comment = held(5)
    client.force_login(moderator)

    response = client.post(
        moderate_url(comment), {"verdict": "publish"}, headers={"accept": "application/json"}
    )

    comment.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["message"] == "Choose Approve, Spam or Remove."
    assert comment.status == Comment.Status.PENDING


def test_hostile_list_filters_come_back_as_a_plain_query_on_the_list(client, moderator):
    comment = held(5)
    client.force_login(moderator)

    response = client.post(
        moderate_url(comment),
        {
            "verdict": "approve",
            "back": "list",
            "_changelist_filters": "q=a b&x=\r\nSet-Cookie: evil=1//example.com",
        },
    )

    assert response.status_code == 302
    assert response.url.startswith(f"{CHANGELIST}?q=a+b&x=")
    assert "\n" not in response.url and "evil" not in response.cookies
