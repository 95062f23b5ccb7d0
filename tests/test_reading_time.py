"""Reading time, shown as a range ("4–6 min") computed from the blocks, never typed.

The services count the blocks when an article is saved and keep the figures on its row,
so a list of cards shows every reading time without loading any block."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article, ArticleBlock, reading_time_range
from articles.services import article_record_edit
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory, BlockFactory, QuoteFactory, library_image

#: The articles app before the reading figures were stored on the row.
BEFORE_FIGURES = [("articles", "0013_list_indexes")]


def words(count):
    return " ".join(["word"] * count)


@given(words=st.integers(min_value=0, max_value=50_000), images=st.integers(0, 40))
def test_reading_time_is_a_range_of_whole_minutes_never_zero(words, images):
    low, high = reading_time_range(words, images)

    assert isinstance(low, int)
    assert isinstance(high, int)
    assert 1 <= low < high


@given(
    words=st.integers(min_value=0, max_value=50_000),
    more=st.integers(min_value=0, max_value=5_000),
    images=st.integers(0, 20),
)
def test_more_words_never_mean_less_reading_time(words, more, images):
    low, high = reading_time_range(words, images)
    longer_low, longer_high = reading_time_range(words + more, images)

    assert longer_low >= low
    assert longer_high >= high


@pytest.mark.parametrize(
    ("word_count", "expected"),
    [(0, (1, 2)), (120, (1, 2)), (1000, (3, 6)), (1300, (5, 8)), (5000, (19, 28))],
)
def test_reading_time_range_for_typical_lengths(word_count, expected):
    assert reading_time_range(word_count) == expected


def test_pictures_add_reading_time():
    assert reading_time_range(1000, images=5) > reading_time_range(1000, images=0)
    low, high = reading_time_range(1000, images=5)
    assert (low, high) == (4, 7)


@pytest.mark.django_db
def test_article_reading_time_reads_like_the_seed():
    article = ArticleFactory(standfirst="")
    BlockFactory(article=article, text=f"<p>{words(1000)}</p>")

    assert article.reading_time_display == "3–6 min"


@pytest.mark.django_db
def test_article_reading_time_counts_every_kind_of_block():
    article = ArticleFactory(standfirst=words(10))
    BlockFactory(article=article, text=f"<p><strong>{words(300)}</strong></p>")
    BlockFactory(article=article, kind="heading", text="", heading=words(5))
    BlockFactory(article=article, kind="quote", text="", quote=QuoteFactory(text=words(40)))
    BlockFactory(
        article=article,
        kind="fact_fiction",
        text="",
        claim=words(10),
        on_screen=words(20),
        in_reality=words(30),
    )
    BlockFactory(article=article, kind="spoiler", text=f"<p>{words(85)}</p>", heading="Spoiler")

    total = sum(block.word_count for block in article.blocks.all()) + 10

    assert total == 10 + 300 + 5 + 40 + 60 + 86
    assert article.reading_time == reading_time_range(total)


@pytest.mark.django_db
def test_article_images_add_to_its_reading_time():
    article = ArticleFactory(standfirst="")
    BlockFactory(article=article, text=f"<p>{words(1000)}</p>")
    before = article.reading_time

    for index in range(5):
        BlockFactory(
            article=article,
            kind=ArticleBlock.Kind.IMAGE,
            text="",
            image=library_image(f"still-{index}.png"),
            image_alt="A still from the series",
        )

    assert article.reading_time > before


@pytest.mark.django_db
def test_markup_is_not_counted_as_words():
    article = ArticleFactory(standfirst="")
    block = BlockFactory(
        article=article,
        text='<p><a href="https://example.com/a-very-long-address">two words</a></p>',
    )

    assert block.word_count == 2


def test_a_list_reads_every_cards_reading_time_with_the_row(django_assert_num_queries, db):
    for length in (100, 1000, 3000):
        article = ArticleFactory(published=True, standfirst="")
        BlockFactory(article=article, text=f"<p>{words(length)}</p>")
        BlockFactory(article=article, kind="quote", text="", quote=QuoteFactory(text=words(9)))
        BlockFactory(article=article, kind="image", text="", image=library_image())

    # The cards, then their bylines (one query for all): no query a card for its reading time.
    with django_assert_num_queries(2):
        shown = [card.reading_time for card in Article.objects.published().for_listing()]

    assert shown == [reading_time_range(n + 9, images=1) for n in (3000, 1000, 100)]


@pytest.mark.django_db
def test_a_cards_reading_time_follows_an_edit_saved_through_the_service(
    client, editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, standfirst="")
    article.tags.add("thrillers")
    BlockFactory(article=article, text=f"<p>{words(1000)}</p>")
    assert "3–6 min read" in client.get("/tags/thrillers/").content.decode()

    ArticleBlock.objects.create(
        article=article, kind="rich_text", position=2, text=f"<p>{words(4000)}</p>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        article_record_edit(article=article, previous_slug=article.slug, user=editor)

    page = client.get("/tags/thrillers/").content.decode()
    assert "19–28 min read" in page
    assert "3–6 min read" not in page


@pytest.mark.django_db
def test_a_cards_reading_time_follows_an_admin_save(
    client, editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, standfirst=words(13))
    BlockFactory(article=article, text=f"<p>{words(1000)}</p>")
    assert "3–6 min read" in client.get("/").content.decode()

    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "article_form")
    data.update({"blocks-0-text": f"<p>{words(5000)}</p>", "_continue": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    client.logout()

    assert "19–28 min read" in client.get("/").content.decode()


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_existing_articles_get_their_reading_time_when_migrated_and_the_step_reverses():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_FIGURES)
    try:
        apps = executor.loader.project_state(BEFORE_FIGURES).apps
        OldBlock = apps.get_model("articles", "ArticleBlock")
        article = apps.get_model("articles", "Article").objects.create(
            title="Old", slug="old", standfirst=words(10)
        )
        OldBlock.objects.create(article=article, kind="rich_text", text=f"<p>{words(1000)}</p>")
        OldBlock.objects.create(article=article, kind="heading", heading=words(4))
        apps.get_model("articles", "Article").objects.create(title="Empty", slug="empty")

        MigrationExecutor(connection).migrate(leaves)

        assert Article.objects.get(slug="old").reading_time == reading_time_range(1014)
        assert Article.objects.get(slug="empty").reading_time_display == "1–2 min"
        MigrationExecutor(connection).migrate(BEFORE_FIGURES)
    finally:
        MigrationExecutor(connection).migrate(leaves)
