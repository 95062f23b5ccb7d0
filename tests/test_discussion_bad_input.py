"""Odd or forged input under an article: a clear answer, never a server error, nothing lost."""

from django.urls import reverse

import pytest

from discussion.models import Comment, Subscription
from tests.discussion_forms import comment_data, post_url
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]

HUGE_NUMBER = "9" * 25
# Valid to Django's email validator, too long for the 254-character column.
TOO_LONG_EMAIL = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"


@pytest.fixture
def article():
    article = ArticleFactory(published=True)
    CommentFactory(article=article, body="The only comment so far", status="approved")
    return article


def test_a_comment_page_far_beyond_the_last_shows_no_comments_rather_than_failing(client, article):
    response = client.get(article.get_absolute_url(), {"page": HUGE_NUMBER})

    assert response.status_code == 200
    assert "The only comment so far" not in response.content.decode()


def test_load_more_far_beyond_the_last_page_answers_an_empty_page(client, article):
    response = client.get(
        reverse("discussion:comments", args=[article.pk]),
        {"page": HUGE_NUMBER},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    assert "The only comment so far" not in response.content.decode()


@pytest.mark.parametrize("reply_to", ["²", "١", "-1", HUGE_NUMBER])
def test_a_reply_to_that_is_not_a_comment_id_shows_the_plain_comment_form(
    client, article, reply_to
):
    response = client.get(article.get_absolute_url(), {"reply_to": reply_to})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="comment-form"' in html
    assert "Replying to" not in html


def test_an_email_too_long_to_store_gets_a_form_error_and_keeps_the_comment(client, article):
    response = client.post(
        post_url(article), comment_data(body="Keep this text", email=TOO_LONG_EMAIL)
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "That email address is too long" in html
    assert "Keep this text" in html
    assert not Comment.objects.filter(body="Keep this text").exists()


def test_a_subscription_for_an_email_too_long_to_store_is_refused_with_a_message(client, article):
    response = client.post(
        reverse("discussion:subscribe", args=[article.pk]),
        {"email": TOO_LONG_EMAIL, "kind": "all"},
        follow=True,
    )

    assert response.status_code == 200
    assert "That email address is too long" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_nul_character_in_the_user_agent_does_not_lose_the_comment(client, article):
    response = client.post(
        post_url(article),
        comment_data(body="Posted from an odd browser"),
        headers={"user-agent": "Odd\x00Browser/1.0"},
    )

    assert response.status_code == 302
    assert Comment.objects.get(body="Posted from an odd browser").user_agent == "OddBrowser/1.0"


@pytest.mark.parametrize("field", ["body", "name", "email"])
def test_a_nul_character_in_a_comment_field_gets_a_form_error(client, article, field):
    response = client.post(post_url(article), comment_data(**{field: "Half\x00written"}))

    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()
    assert not Comment.objects.filter(status="pending").exists()
