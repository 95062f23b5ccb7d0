import pytest

from core.http import VOTER_COOKIE
from discussion import services
from discussion.models import CommentVote, ModerationFlag
from tests.discussion_forms import comment_data, post_url, vote_url
from tests.factories import CommentFactory, VoteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]

JS = {"x-requested-with": "XMLHttpRequest", "accept": "application/json"}


def test_guest_vote_moves_the_stored_score_and_sets_a_signed_voter_cookie(client):
    comment = CommentFactory()

    response = client.post(vote_url(comment), {"value": "1"})

    comment.refresh_from_db()
    assert comment.score == 1
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert VOTER_COOKIE in response.cookies
    vote = CommentVote.objects.get()
    assert vote.voter_key.startswith("g:")


def test_one_vote_per_reader_which_can_be_changed_or_withdrawn(client, reader):
    comment = CommentFactory()
    client.force_login(reader)

    assert client.post(vote_url(comment), {"value": "1"}, headers=JS).json()["score"] == 1
    assert client.post(vote_url(comment), {"value": "-1"}, headers=JS).json() == {
        "ok": True,
        "vote": -1,
        "score": -1,
    }
    assert client.post(vote_url(comment), {"value": "-1"}, headers=JS).json()["score"] == 0
    assert CommentVote.objects.count() == 0


def test_the_same_guest_cookie_cannot_vote_twice(client):
    comment = CommentFactory()

    client.post(vote_url(comment), {"value": "1"})
    client.post(vote_url(comment), {"value": "-1"})

    comment.refresh_from_db()
    assert CommentVote.objects.count() == 1
    assert comment.score == -1


def test_a_forged_voter_cookie_is_ignored(client):
    comment = CommentFactory()
    VoteFactory(comment=comment, voter_key="g:stolen", value=1)
    comment.score = 1
    comment.save()
    client.cookies[VOTER_COOKIE] = "stolen"

    client.post(vote_url(comment), {"value": "1"})

    # Not the victim's vote withdrawn: a new guest id, a new vote.
    assert CommentVote.objects.count() == 2


def test_own_comment_is_not_votable(client, reader):
    comment = CommentFactory(user=reader)
    client.force_login(reader)

    response = client.post(vote_url(comment), {"value": "1"}, headers=JS)

    assert response.status_code == 400
    assert response.json()["error"] == "You cannot vote on your own comment."
    assert not CommentVote.objects.exists()


def test_guest_cannot_vote_on_the_comment_they_just_posted(client):
    article = CommentFactory().article
    client.post(post_url(article), comment_data())
    from discussion.models import Comment

    mine = Comment.objects.latest("pk")
    services.comment_approve(comment=mine, moderator=_superuser())

    response = client.post(vote_url(mine), {"value": "1"}, headers=JS)

    assert response.status_code == 400
    assert not CommentVote.objects.exists()


def _superuser():
    from tests.factories import UserFactory

    return UserFactory(username="boss", is_superuser=True, is_staff=True)


def test_a_vote_on_a_pending_comment_is_refused(client):
    comment = CommentFactory(pending=True)

    response = client.post(vote_url(comment), {"value": "1"}, follow=True)

    assert "You can only vote on published comments." in response.content.decode()
    assert not CommentVote.objects.exists()
    comment.refresh_from_db()
    assert comment.score == 0


@pytest.mark.parametrize("value", ["0", "2", "abc", ""])
def test_a_vote_that_is_not_up_or_down_is_refused(client, value):
    comment = CommentFactory()

    response = client.post(vote_url(comment), {"value": value}, headers=JS)

    assert response.status_code == 400
    assert response.json()["error"] == "A vote is either up or down."
    assert not CommentVote.objects.exists()


def test_many_votes_from_one_ip_are_flagged_once(settings):
    settings.DISCUSSION_FLAG_THRESHOLD = 5
    comments = CommentFactory.create_batch(7)

    for number, comment in enumerate(comments):
        services.comment_vote(
            comment=comment, voter_key=f"g:bot{number}", value=1, ip="198.51.100.9"
        )

    flag = ModerationFlag.objects.get()
    assert flag.kind == ModerationFlag.Kind.VOTES
    assert flag.ip == "198.51.100.9"
    assert flag.count == 5


def test_a_moderator_removing_votes_lowers_the_score(moderator):
    comment = CommentFactory()
    for number in range(3):
        services.comment_vote(comment=comment, voter_key=f"g:{number}", value=1, ip="10.0.0.1")

    services.votes_remove(votes=list(CommentVote.objects.all()[:2]), moderator=moderator)

    comment.refresh_from_db()
    assert comment.score == 1


def test_deleting_a_voters_account_keeps_the_comment_score_true(client, reader):
    comment = CommentFactory()
    client.force_login(reader)
    client.post(vote_url(comment), {"value": "1"})

    reader.delete()

    comment.refresh_from_db()
    assert comment.score == 1
    assert sum(CommentVote.objects.filter(comment=comment).values_list("value", flat=True)) == 1


def test_a_comments_vote_link_leads_to_its_vote_page_without_javascript(client):
    comment = CommentFactory()
    page = client.get(comment.article.get_absolute_url()).content.decode()

    assert f'<a href="?vote={comment.pk}">Vote</a>' in page
    response = client.get(comment.article.get_absolute_url(), {"vote": comment.pk}, follow=True)

    assert response.redirect_chain == [(vote_url(comment), 302)]
    assert response.status_code == 200
    assert b'name="value"' in response.content
