from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from discussion.models import Comment, CommentVote
from tests.factories import ArticleFactory, QuoteBlockFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]


def add_comments(article, count, block, voter):
    """`count` approved comments: two thirds top-level, a third replies, some inline feedback."""
    roots = Comment.objects.bulk_create(
        Comment(
            article=article,
            guest_name=f"Reader {n}",
            guest_email=f"reader{n}@example.com",
            body=f"Comment number {n} with a link https://example.com/{n}",
            status=Comment.Status.APPROVED,
            anchor_block=block if n % 5 == 0 else None,
            score=n % 7,
        )
        for n in range(count - count // 3)
    )
    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=roots[n % len(roots)],
            root=roots[n % len(roots)],
            depth=1,
            guest_name=f"Replier {n}",
            guest_email=f"replier{n}@example.com",
            body=f"Reply {n}",
            status=Comment.Status.APPROVED,
        )
        for n in range(count // 3)
    )
    CommentVote.objects.bulk_create(
        CommentVote(comment=comment, voter_key=voter, value=1) for comment in roots[:30]
    )
    Comment.objects.filter(pk=roots[0].pk).update(status=Comment.Status.REMOVED) if roots else None


def count_queries(client, article):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url() + "?sort=votes")
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True], ids=["guest", "signed-in"])
def test_article_page_query_count_is_the_same_for_0_50_and_500_comments(client, signed_in):
    user = UserFactory(username="counter")
    if signed_in:
        client.force_login(user)
    counts = []
    for total in (0, 50, 500):
        article = ArticleFactory(published=True)
        block = QuoteBlockFactory(article=article)
        add_comments(article, total, block, voter=f"u:{user.pk}")
        Comment.objects.filter(article=article, status="approved").count()
        cache.clear()  # each page built from the database, nothing kept from the one before
        queries, html = count_queries(client, article)
        counts.append(queries)
        if total:
            assert "Load more comments" in html
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[2] <= 30, counts
