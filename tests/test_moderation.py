from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest

from discussion import services
from discussion.models import Ban, Comment, ModerationFlag, ModerationLog, Rating
from tests.discussion_forms import comment_data, post_url, rate_url, vote_url
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    ModerationFlagFactory,
    RatingFactory,
    VoteFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]

CHANGELIST = "/admin/discussion/comment/"


def test_the_moderator_group_holds_every_discussion_permission(moderator):
    group = Group.objects.get(name="Moderator")
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert {"moderate_comment", "change_comment", "view_rating", "add_ban"} <= codenames
    assert moderator.has_perm("discussion.moderate_comment")


def test_the_queue_lists_pending_comments_first_with_their_article(client, moderator):
    article = ArticleFactory(published=True, title="Fool Me Once ending explained")
    CommentFactory(article=article, body="Old approved one")
    CommentFactory(article=article, pending=True, body="Waiting for you")
    CommentFactory(article=article, body="Newest approved one")
    client.force_login(moderator)

    html = client.get(CHANGELIST).content.decode()

    assert html.index("Waiting for you") < html.index("Newest approved one")
    assert html.index("Waiting for you") < html.index("Old approved one")
    assert f'href="{article.get_absolute_url()}#comment-' in html


def test_the_change_page_shows_the_context_the_comment_answers(client, moderator):
    parent = CommentFactory(body="The parent remark")
    reply = CommentFactory(article=parent.article, parent=parent, pending=True)
    client.force_login(moderator)

    html = client.get(f"{CHANGELIST}{reply.pk}/change/").content.decode()

    assert "The parent remark" in html
    assert reply.article.title in html


@pytest.mark.parametrize(
    ("action", "status", "logged"),
    [
        ("approve", Comment.Status.APPROVED, ModerationLog.Action.APPROVE),
        ("mark_spam", Comment.Status.SPAM, ModerationLog.Action.SPAM),
        ("remove", Comment.Status.REMOVED, ModerationLog.Action.REJECT),
    ],
)
def test_bulk_actions_in_the_queue_change_status_and_are_logged(
    client, moderator, action, status, logged
):
    comments = CommentFactory.create_batch(2, pending=True)
    client.force_login(moderator)

    response = client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [comment.pk for comment in comments]},
    )

    assert response.status_code == 302
    assert {c.status for c in Comment.objects.all()} == {status}
    entries = ModerationLog.objects.filter(action=logged)
    assert entries.count() == 2
    assert {entry.moderator for entry in entries} == {moderator}


def test_approving_from_the_queue_updates_the_article_count(client, moderator):
    comment = CommentFactory(pending=True)
    client.force_login(moderator)

    client.post(CHANGELIST, {"action": "approve", "_selected_action": [comment.pk]})

    comment.article.refresh_from_db()
    assert comment.article.comment_count == 1


def test_staff_without_the_moderator_role_cannot_moderate(reader):
    comment = CommentFactory(pending=True)

    with pytest.raises(PermissionDenied):
        services.comment_approve(comment=comment, moderator=reader)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_moderation_log_is_read_only(client, moderator):
    comment = CommentFactory(pending=True)
    services.comment_approve(comment=comment, moderator=moderator)
    entry = ModerationLog.objects.get()
    client.force_login(moderator)

    assert client.get("/admin/discussion/moderationlog/").status_code == 200
    change = client.post(f"/admin/discussion/moderationlog/{entry.pk}/change/", {"note": "x"})
    assert change.status_code == 403
    assert client.get("/admin/discussion/moderationlog/add/").status_code == 403


def test_ban_from_the_queue_refuses_that_email_with_a_clear_message(client, moderator):
    comment = CommentFactory(guest_email="troll@example.com", pending=True)
    admin_client = client
    admin_client.force_login(moderator)
    admin_client.post(CHANGELIST, {"action": "ban_email", "_selected_action": [comment.pk]})
    admin_client.logout()

    response = client.post(
        post_url(comment.article), comment_data(email="troll@example.com", body="Again")
    )

    assert response.status_code == 403
    assert "can no longer take part" in response.content.decode()
    assert not Comment.objects.filter(body="Again").exists()
    assert ModerationLog.objects.filter(action="ban").count() == 1


def test_a_banned_ip_can_neither_vote_nor_rate(client, moderator):
    comment = CommentFactory()
    services.ban_create(moderator=moderator, ip="127.0.0.1", reason="Vote farm")

    vote = client.post(vote_url(comment), {"value": "1"}, follow=True)
    rate = client.post(rate_url(comment.article), {"stars": "5"}, follow=True)

    assert vote.status_code == 403 and rate.status_code == 403
    assert not Rating.objects.exists()
    comment.refresh_from_db()
    assert comment.score == 0


def test_a_banned_author_can_no_longer_rewrite_their_published_comment(client, moderator, reader):
    comment = CommentFactory(user=reader, body="Harmless at first")
    services.ban_create(moderator=moderator, email=reader.email, reason="Abuse")
    client.force_login(reader)

    response = client.post(
        f"/discussion/comment/{comment.pk}/edit/", {"body": "Abuse slipped in afterwards"}
    )

    assert response.status_code == 403
    assert "can no longer take part" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Harmless at first"


def test_a_guest_from_a_banned_ip_can_no_longer_rewrite_their_comment(client, moderator):
    client.post(post_url(ArticleFactory(published=True)), comment_data(body="First words"))
    comment = Comment.objects.get()
    services.ban_create(moderator=moderator, ip="127.0.0.1", reason="Abuse")

    client.post(f"/discussion/comment/{comment.pk}/edit/", {"body": "Other words"})

    comment.refresh_from_db()
    assert comment.body == "First words"


def test_adding_a_ban_in_the_admin_is_logged(client, moderator):
    client.force_login(moderator)

    client.post("/admin/discussion/ban/add/", {"email": "", "ip": "192.0.2.4", "reason": "Bot"})

    assert Ban.objects.get().created_by == moderator
    assert ModerationLog.objects.get().action == ModerationLog.Action.BAN


def test_moderator_removes_a_readers_rating_from_the_admin(client, moderator):
    article = ArticleFactory(published=True)
    services.rating_set(article=article, voter_key="g:one", value=5)
    services.rating_set(article=article, voter_key="g:two", value=1)
    client.force_login(moderator)

    client.post(
        "/admin/discussion/rating/",
        {"action": "remove_ratings", "_selected_action": [Rating.objects.get(value=1).pk]},
    )

    article.refresh_from_db()
    assert (article.rating_sum, article.rating_count) == (5, 1)
    assert ModerationLog.objects.get().action == ModerationLog.Action.RATING_REMOVE


def test_moderator_removes_votes_from_the_admin(client, moderator):
    comment = CommentFactory(score=2)
    votes = VoteFactory.create_batch(2, comment=comment)
    client.force_login(moderator)

    client.post(
        "/admin/discussion/commentvote/",
        {"action": "remove_votes", "_selected_action": [vote.pk for vote in votes]},
    )

    comment.refresh_from_db()
    assert comment.score == 0


def test_rating_burst_is_flagged_and_a_moderator_resolves_it(client, moderator, settings):
    settings.DISCUSSION_FLAG_THRESHOLD = 3
    for number in range(3):
        services.rating_set(
            article=ArticleFactory(published=True), voter_key=f"g:{number}", value=5, ip="192.0.2.1"
        )
    flag = ModerationFlag.objects.get()
    assert flag.kind == ModerationFlag.Kind.RATINGS
    client.force_login(moderator)

    client.post(
        "/admin/discussion/moderationflag/", {"action": "resolve", "_selected_action": [flag.pk]}
    )

    flag.refresh_from_db()
    assert flag.resolved_by == moderator


def test_flags_list_is_visible_to_moderators(client, moderator):
    ModerationFlagFactory(ip="198.51.100.77")
    client.force_login(moderator)

    assert "198.51.100.77" in client.get("/admin/discussion/moderationflag/").content.decode()


def test_deleting_comments_in_the_admin_is_not_offered(client, moderator):
    client.force_login(moderator)

    html = client.get(CHANGELIST).content.decode()

    assert "delete_selected" not in html
    assert reverse("admin:discussion_comment_changelist") == CHANGELIST


# ---------------------------------------------------------------- rate limits


def test_too_many_comments_from_one_ip_answer_429_with_a_message(client, settings):
    settings.DISCUSSION_RATE_LIMITS = {"comment": "2/m"}
    article = ArticleFactory(published=True)

    codes = [
        client.post(post_url(article), comment_data(body=f"Comment {n}")).status_code
        for n in range(3)
    ]

    assert codes == [302, 302, 429]
    response = client.post(post_url(article), comment_data(body="Once more"))
    assert "You are posting faster than we allow" in response.content.decode()
    assert Comment.objects.count() == 2


def test_too_many_edits_answer_429_and_keep_the_last_accepted_text(client, settings, reader):
    settings.DISCUSSION_RATE_LIMITS = {"edit": "2/m"}
    comment = CommentFactory(user=reader, body="Version 0")
    client.force_login(reader)
    edit_url = f"/discussion/comment/{comment.pk}/edit/"

    codes = [client.post(edit_url, {"body": f"Version {n}"}).status_code for n in (1, 2, 3)]

    assert codes == [302, 302, 429]
    comment.refresh_from_db()
    assert comment.body == "Version 2"


def test_vote_rate_limit_answers_json_429_to_javascript(client, settings):
    settings.DISCUSSION_RATE_LIMITS = {"vote": "1/m"}
    first, second = CommentFactory.create_batch(2)
    headers = {"x-requested-with": "XMLHttpRequest"}

    client.post(vote_url(first), {"value": "1"}, headers=headers)
    response = client.post(vote_url(second), {"value": "1"}, headers=headers)

    assert response.status_code == 429
    assert "faster than we allow" in response.json()["error"]


def test_rating_rate_limit_counts_per_signed_in_user_across_ips(client, settings, reader):
    settings.DISCUSSION_RATE_LIMITS = {"rating": "1/m"}
    client.force_login(reader)
    article = ArticleFactory(published=True)

    client.post(rate_url(article), {"stars": "3"}, REMOTE_ADDR="192.0.2.10")
    response = client.post(rate_url(article), {"stars": "4"}, REMOTE_ADDR="192.0.2.11")

    assert response.status_code == 429
    assert RatingFactory._meta.model.objects.get().value == 3


def test_behind_a_proxy_the_readers_own_ip_is_stored_and_limited(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.DISCUSSION_RATE_LIMITS = {"comment": "1/m"}
    article = ArticleFactory(published=True)

    first = client.post(
        post_url(article),
        comment_data(body="From reader one"),
        HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.1",
    )
    second = client.post(
        post_url(article),
        comment_data(body="From reader two"),
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    junk = client.post(
        post_url(article), comment_data(body="Junk header"), HTTP_X_FORWARDED_FOR="not-an-ip"
    )

    assert (first.status_code, second.status_code, junk.status_code) == (302, 302, 302)
    assert sorted(Comment.objects.values_list("ip", flat=True)) == [
        "127.0.0.1",
        "198.51.100.1",
        "198.51.100.2",
    ]
