"""The article change list: coloured statuses, filters and one-click shortcuts."""

import datetime

from django.utils import timezone

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, ContributorFactory, ProductionFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/"


def test_status_is_shown_as_text_with_a_colour_class(client, editor):
    ArticleFactory(published=True)
    ArticleFactory(status=Article.Status.IN_REVIEW)
    client.force_login(editor)

    page = client.get(URL).content.decode()

    assert '<span class="mq-status mq-status--published">Published</span>' in page
    assert '<span class="mq-status mq-status--in_review">In review</span>' in page
    assert "admin/marquee/admin.css" in page


def test_change_list_filters_by_status_kind_author_production_and_tag(client, editor):
    article = ArticleFactory(authors=[editor])
    article.tags.add("netflix")
    article.productions.add(ProductionFactory(), ProductionFactory())
    client.force_login(editor)

    response = client.get(URL)

    titles = [str(spec.title).lower() for spec in response.context["cl"].filter_specs]
    assert {"status", "kind", "byline", "productions", "tags", "shortcut"} <= set(titles)


def test_my_drafts_is_one_click_away(client, editor):
    mine = ArticleFactory(authors=[editor])
    ArticleFactory(authors=[editor], status=Article.Status.IN_REVIEW)
    ArticleFactory(authors=[UserFactory()])
    client.force_login(editor)

    page = client.get(URL).content.decode()
    response = client.get(URL, {"shortcut": "mine"})

    assert 'href="?shortcut=mine"' in page
    assert list(response.context["cl"].result_list) == [mine]


def test_waiting_for_review_is_one_click_away(client, editor):
    waiting = ArticleFactory(status=Article.Status.IN_REVIEW)
    ArticleFactory()
    client.force_login(editor)

    page = client.get(URL).content.decode()
    response = client.get(URL, {"shortcut": "review"})

    assert 'href="?shortcut=review"' in page
    assert list(response.context["cl"].result_list) == [waiting]


def test_byline_filter_narrows_the_list_to_a_contributor_guests_included(client, editor):
    guest = ContributorFactory(name="Guest Star")
    theirs = ArticleFactory(byline=[ContributorFactory(name="Someone"), guest])
    ArticleFactory(authors=[UserFactory()])
    client.force_login(editor)

    response = client.get(URL, {"author": guest.pk})

    assert list(response.context["cl"].result_list) == [theirs]
    assert "Guest Star" in response.content.decode()


def test_change_list_stays_within_a_query_budget(client, editor, django_assert_max_num_queries):
    for _ in range(15):
        ArticleFactory(authors=[UserFactory()], published=True)
    client.force_login(editor)

    with django_assert_max_num_queries(30):
        response = client.get(URL)

    assert response.status_code == 200


def test_due_for_review_shortcut_lists_live_explainers_past_their_date(client, editor):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    due = ArticleFactory(published=True, review_by=yesterday)
    ArticleFactory(review_by=yesterday)
    ArticleFactory(published=True, review_by=timezone.localdate() + datetime.timedelta(days=9))
    client.force_login(editor)

    response = client.get(URL, {"shortcut": "due"})

    assert list(response.context["cl"].result_list) == [due]


def test_article_and_comment_lists_show_twenty_rows_a_page(client, editor, moderator):
    from tests.factories import CommentFactory

    article = ArticleFactory(published=True)
    ArticleFactory.create_batch(20)
    CommentFactory.create_batch(21, article=article)
    client.force_login(editor)

    articles = client.get(URL)
    second = client.get(URL, {"p": 2})
    client.force_login(moderator)
    comments = client.get("/admin/discussion/comment/")

    assert len(articles.context["cl"].result_list) == 20
    assert len(second.context["cl"].result_list) == 1
    assert len(comments.context["cl"].result_list) == 20
    assert comments.context["cl"].paginator.num_pages == 2


def test_articles_are_filtered_by_the_month_they_are_published_in(client, editor):
    client.force_login(editor)
    may = ArticleFactory(
        published=True,
        title="A May explainer",
        publish_at=timezone.make_aware(datetime.datetime(2025, 5, 14, 9)),
    )
    ArticleFactory(
        published=True,
        title="A June explainer",
        publish_at=timezone.make_aware(datetime.datetime(2025, 6, 2, 9)),
    )
    page = client.get(URL).content.decode()
    assert "May 2025" in page and "June 2025" in page

    response = client.get(URL, {"month": "2025-05"})
    assert [article.title for article in response.context["cl"].result_list] == [may.title]
    # A month that is not a month shows every article rather than failing.
    assert client.get(URL, {"month": "2025-13"}).status_code == 200
