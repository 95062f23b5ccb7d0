"""`manage.py make_load_data`: the synthetic site the benchmarks run on."""

import io

from django.core.management import call_command
from django.db.models import Count, Q, Sum

import pytest

from articles.models import Article, ArticleBlock, reading_time_range
from discussion.models import Comment, Rating
from people.models import Person

pytestmark = pytest.mark.django_db


def make_load_data(articles=30, comments=100):
    call_command("make_load_data", articles=articles, comments=comments, stderr=io.StringIO())


def generated_articles():
    return Article.objects.filter(slug__startswith="load-article-")


def test_load_data_creates_the_requested_articles_and_comments():
    make_load_data()

    assert generated_articles().count() == 30
    assert Comment.objects.filter(article__in=generated_articles()).count() == 100
    assert ArticleBlock.objects.filter(article__in=generated_articles()).count() >= 30 * 10


def test_load_data_articles_mix_block_kinds_and_quote_one_busy_person():
    make_load_data()

    kinds = set(ArticleBlock.objects.values_list("kind", flat=True))
    assert {
        ArticleBlock.Kind.QUOTE,
        ArticleBlock.Kind.HEADING,
        ArticleBlock.Kind.RICH_TEXT,
    } <= kinds
    busy = Person.objects.get(slug="load-person-0")
    quoted_in = generated_articles().filter(blocks__quote__speaker=busy).distinct().count()
    assert quoted_in >= 30 // 2
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Comment.objects.filter(depth=2).exists()


def test_load_data_is_idempotent_and_grows_by_the_difference():
    make_load_data()
    make_load_data()

    assert generated_articles().count() == 30
    assert Comment.objects.count() == 100

    make_load_data(articles=40, comments=150)

    assert generated_articles().count() == 40
    assert Comment.objects.count() == 150
    assert generated_articles().values("slug").distinct().count() == 40


def test_load_data_counters_agree_with_the_rows():
    make_load_data()

    articles = generated_articles().annotate(
        approved=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED))
    )
    for article in articles:
        ratings = Rating.objects.filter(article=article).aggregate(n=Count("pk"), s=Sum("value"))
        assert article.comment_count == article.approved
        assert article.rating_count == ratings["n"]
        assert article.rating_sum == (ratings["s"] or 0)
    for block in ArticleBlock.objects.filter(kind=ArticleBlock.Kind.QUOTE):
        approved = block.feedback_comments.filter(status=Comment.Status.APPROVED).count()
        assert block.feedback_count == approved
    assert sum(article.comment_count for article in articles) > 0


def test_load_data_published_articles_are_on_the_home_page(client):
    make_load_data()

    newest = generated_articles().filter(status=Article.Status.PUBLISHED).order_by("-publish_at")
    response = client.get("/")

    assert response.status_code == 200
    assert newest[1].title in response.content.decode()
    drafts = generated_articles().filter(status=Article.Status.DRAFT)
    assert drafts.exists()
    assert all(draft.title not in response.content.decode() for draft in drafts)


def test_load_data_articles_show_the_reading_time_of_their_blocks():
    make_load_data()

    for article in generated_articles().prefetch_related("blocks__quote", "blocks__image"):
        blocks = article.blocks.all()
        words = len(article.standfirst.split()) + sum(block.word_count for block in blocks)
        pictures = bool(article.hero_image_id) + sum(
            1 for block in blocks if block.spec.counts_as_picture
        )
        assert article.word_count == words > len(article.standfirst.split())
        assert article.reading_time == reading_time_range(words, pictures)
