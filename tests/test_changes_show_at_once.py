"""Every change a reader would see shows on the next request, whatever its URL: renames,
approved comments, ratings (each purges the pages showing the article)."""

from django.test import Client

import pytest

from discussion import services as discussion_services
from tests.factories import ArticleFactory, CommentFactory, UserFactory
from tests.test_page_cache_invalidation import admin_change

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_clock(monkeypatch):
    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)


@pytest.fixture
def signed_in(db):
    """A reader with a session: the page cache never answers them, every page is rendered."""
    browser = Client()
    browser.force_login(UserFactory(username="regular"))
    return browser


def test_an_admin_rename_shows_at_once_to_a_reader_the_cache_never_answers(
    client, signed_in, superuser, explainer, django_capture_on_commit_callbacks
):
    url = explainer.get_absolute_url()
    assert b"Harlan Coben" in signed_in.get(url).content

    with django_capture_on_commit_callbacks(execute=True):
        admin_change(superuser, explainer.people.get(), name="Harlan Coben Jr")

    assert b"Harlan Coben Jr" in signed_in.get(url).content
    assert b"Harlan Coben Jr" in client.get(url, {"utm_campaign": "x"}).content


def test_an_approved_comment_shows_on_a_url_never_seen_before(
    client, moderator, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, allow_comments=True)
    comment = CommentFactory(article=article, pending=True, body="Late to this, but wow.")
    url = article.get_absolute_url()
    assert b"Late to this" not in client.get(url).content

    with django_capture_on_commit_callbacks(execute=True):
        discussion_services.comment_approve(comment=comment, moderator=moderator)

    assert b"Late to this" in client.get(url, {"fbclid": "abc"}).content


def test_sort_links_carry_no_campaign_parameters(client):
    article = ArticleFactory(published=True, allow_comments=True)
    CommentFactory(article=article)

    html = client.get(article.get_absolute_url(), {"utm_source": "x", "sort": "newest"})

    assert 'href="?sort=votes#comments"' in html.content.decode()
    assert "utm_source" not in html.content.decode().split('id="discussion"')[1]


def test_a_new_rating_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    article = ArticleFactory(published=True, allow_comments=True)
    url = article.get_absolute_url()
    assert b"No ratings yet" in client.get(url).content

    with django_capture_on_commit_callbacks(execute=True):
        discussion_services.rating_set(article=article, voter_key="reader-1", value=4)

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"<strong>4.0</strong>" in response.content


def test_a_campaign_url_reuses_the_page_rendered_for_its_own_parameters(
    client, explainer, django_assert_num_queries
):
    url = explainer.get_absolute_url()
    client.get(url)

    # The article never reads utm_source: the page stored for its own parameters serves it.
    with django_assert_num_queries(0):
        response = client.get(url, {"utm_source": "newsletter"})

    assert response["X-Page-Cache"] == "hit"
    assert response.content == client.get(url).content
