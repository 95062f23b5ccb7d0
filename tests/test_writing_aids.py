"""The article form shows counters, word count, reading time and previews as the site computes."""

import json
import re

import pytest

from articles.admin.writing import RECOMMENDED_LENGTHS
from articles.blocks import registry
from articles.models import ArticleBlock
from articles.models.article import FAST_READER_WPM, SECONDS_PER_IMAGE, SLOW_READER_WPM
from tests.factories import ArticleFactory, BlockFactory, HeadingBlockFactory


@pytest.fixture
def explainer(db):
    article = ArticleFactory(
        published=True,
        slug="run-away-true-story",
        title="Is Run Away a true story?",
        standfirst="Four words, no more.",
        seo_description="What Harlan Coben took from a real family moment.",
    )
    HeadingBlockFactory(article=article, position=1, heading="What is true")
    BlockFactory(article=article, position=2, text="<p>" + "word " * 500 + "</p>")
    return article


def change_page(client, article):
    return client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()


def test_the_form_shows_the_word_count_and_reading_time_the_site_computes(
    client, editor, explainer
):
    client.force_login(editor)
    page = change_page(client, explainer)
    low, high = explainer.reading_time

    assert f'<span id="mq-word-count">{explainer.word_count}</span>' in page
    assert explainer.word_count == 4 + 3 + 500
    assert f'<span id="mq-reading-time">{low}–{high}</span>' in page
    # The script reads the site's own reading speeds, not numbers of its own.
    assert f'data-fast-wpm="{FAST_READER_WPM}"' in page
    assert f'data-slow-wpm="{SLOW_READER_WPM}"' in page
    assert f'data-seconds-per-image="{SECONDS_PER_IMAGE}"' in page
    assert "admin/marquee/writing.js" in page


def test_seo_fields_carry_counters_with_the_recommended_limits(client, editor, explainer):
    client.force_login(editor)
    page = change_page(client, explainer)

    for name, (limit, _why) in RECOMMENDED_LENGTHS.items():
        counter = re.search(
            rf'data-counter-for="id_{name}" data-recommended="(\d+)">'
            r'<span class="mq-counter__count">(\d+)</span>',
            page,
        )
        assert counter, name
        assert int(counter.group(1)) == limit
        assert int(counter.group(2)) == len(getattr(explainer, name))
    assert RECOMMENDED_LENGTHS["seo_title"][0] <= 70  # within the field's own maximum
    assert RECOMMENDED_LENGTHS["seo_description"][0] <= 160


def test_a_counter_warns_past_the_recommended_length(client, editor, explainer):
    explainer.seo_title = "x" * 65
    explainer.save()
    client.force_login(editor)
    assert 'class="mq-counter mq-counter--over" data-counter-for="id_seo_title"' in change_page(
        client, explainer
    )


def test_previews_show_what_search_engines_and_social_cards_will_show(client, editor, explainer):
    client.force_login(editor)
    page = change_page(client, explainer)

    assert '<div class="mq-serp__url" id="mq-preview-url">' in page
    assert "/run-away-true-story/</div>" in page
    title = '<div class="mq-serp__title" id="mq-preview-title">Is Run Away a true story?</div>'
    assert title in page
    assert "What Harlan Coben took from a real family moment." in page
    assert 'id="mq-card-title">Is Run Away a true story?</div>' in page


def test_the_add_form_has_the_aids_too(client, editor):
    client.force_login(editor)
    page = client.get("/admin/articles/article/add/").content.decode()
    assert '<span id="mq-word-count">0</span>' in page
    assert 'data-counter-for="id_seo_description"' in page


def test_the_live_count_reads_the_fields_each_kind_counts(client, editor, explainer):
    """Each kind's word_fields hold exactly the words its plain_text gives the server."""
    client.force_login(editor)
    page = change_page(client, explainer)
    kinds = json.loads(re.search(r'data-kinds="([^"]*)"', page).group(1).replace("&quot;", '"'))
    assert set(kinds) == set(registry.names)
    for kind in registry:
        assert kinds[kind.name] == {
            "words": list(kind.word_fields),
            "picture": kind.counts_as_picture,
        }
        if not kind.word_fields or any(
            ArticleBlock._meta.get_field(name).is_relation for name in kind.word_fields
        ):
            # A relation (a quote, a production) counts the words its picker shows.
            continue
        block = ArticleBlock(kind=kind.name)
        for number, name in enumerate(kind.word_fields):
            setattr(block, name, f"alpha{number} beta{number}")
        assert block.word_count == 2 * len(kind.word_fields), kind.name
