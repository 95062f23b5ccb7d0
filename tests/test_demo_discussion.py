from django.core.management import call_command

import pytest

from discussion.models import Comment
from tests.factories import ArticleFactory, QuoteBlockFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_discussion_fills_the_first_explainer_once():
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    article = ArticleFactory(published=True)
    quote = QuoteBlockFactory(article=article)

    call_command("load_demo_discussion", stdout=None)
    call_command("load_demo_discussion", stdout=None)

    article.refresh_from_db()
    quote.refresh_from_db()
    assert article.comment_count == 6
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 1
    assert (article.rating_count, article.rating_sum) == (6, 25)
    assert quote.feedback_count == 1
    assert Comment.objects.get(guest_name="Ana P.").score == 3
