"""Simultaneous votes and ratings on PostgreSQL: every one counted, none duplicated."""

import threading

from django.db import connection

import pytest

from discussion import services
from discussion.models import CommentVote, Rating
from tests.factories import CommentFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


def run_at_once(work):
    barrier = threading.Barrier(THREADS)
    errors = []

    def runner(number):
        try:
            barrier.wait()
            work(number)
        except Exception as error:  # the assertion below reports it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_twenty_readers_voting_and_rating_at_once_are_all_counted():
    comment = CommentFactory()
    article = comment.article

    def vote_and_rate(number):
        services.comment_vote(comment=comment, voter_key=f"g:reader-{number}", value=1)
        services.rating_set(article=article, voter_key=f"g:reader-{number}", value=number % 5 + 1)

    run_at_once(vote_and_rate)

    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.score == THREADS
    assert CommentVote.objects.count() == THREADS
    assert article.rating_count == THREADS == Rating.objects.count()
    assert article.rating_sum == sum(n % 5 + 1 for n in range(THREADS))


def test_one_reader_in_twenty_tabs_at_once_gets_one_vote_and_one_rating():
    comment = CommentFactory()
    article = comment.article

    def same_reader(number):
        services.comment_vote(comment=comment, voter_key="g:one-reader", value=-1 if number else 1)
        services.rating_set(article=article, voter_key="g:one-reader", value=3)

    run_at_once(same_reader)

    comment.refresh_from_db()
    article.refresh_from_db()
    vote_values = list(CommentVote.objects.values_list("value", flat=True))
    assert len(vote_values) <= 1
    assert comment.score == sum(vote_values)
    assert Rating.objects.count() == 1
    assert (article.rating_count, article.rating_sum) == (1, 3)
