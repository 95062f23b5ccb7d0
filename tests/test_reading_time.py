"""Reading time, shown as a range ("4–6 min") computed from the blocks, never typed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.models import ArticleBlock, reading_time_range
from tests.factories import ArticleFactory, BlockFactory, QuoteFactory, library_image


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
