"""Block title bars in the article form name each block by its own words, not "Heading #12"."""

import re

import pytest

from articles.blocks import registry
from articles.models import ArticleBlock
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    HeadingBlockFactory,
    QuoteBlockFactory,
    QuoteFactory,
    library_image,
)

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def title_bars(html):
    """(kind, title) of each block's title bar, in page order, the new-block template left out."""
    bars = re.findall(
        r'<b class="mq-block-bar__kind">(.*?)</b>\s*<span class="inline_label mq-block-bar__title">'
        r"(.*?)</span>",
        html,
        re.S,
    )
    return [(kind.strip(), title.strip()) for kind, title in bars if kind.strip() != "New block"]


def test_title_bars_show_each_blocks_own_words(client, editor):
    article = ArticleFactory()
    HeadingBlockFactory(article=article, position=12, heading="Who killed Joe?")
    QuoteBlockFactory(
        article=article, position=13, quote=QuoteFactory(text="We wanted a final twist.")
    )
    BlockFactory(
        article=article,
        position=14,
        text="<p>The <em>last scene</em> shows the nanny cam footage for the first time, and "
        "everything the police believed falls apart in a minute.</p>",
    )
    picture = library_image(alt="Maya at the graveside", caption="")
    BlockFactory(article=article, position=15, kind="image", text="", image=picture)
    client.force_login(editor)

    bars = title_bars(client.get(change_url(article)).content.decode())

    speaker = article.blocks.get(position=13).quote.speaker
    assert bars == [
        ("Heading (H2)", "Who killed Joe?"),
        ("Quote", f"{speaker}: “We wanted a final twist.”"),
        ("Rich text", "The last scene shows the nanny cam footage for the first time,…"),
        ("Image", "Maya at the graveside"),
    ]
    assert "#12" not in "".join(title for _, title in bars)


def test_an_image_blocks_own_caption_wins_over_the_library_alt(client, editor):
    article = ArticleFactory()
    picture = library_image(alt="Maya at the graveside")
    BlockFactory(
        article=article, kind="image", text="", image=picture, caption="The funeral, episode 1"
    )
    client.force_login(editor)

    assert title_bars(client.get(change_url(article)).content.decode()) == [
        ("Image", "The funeral, episode 1")
    ]


def test_every_kind_names_its_title_from_its_own_fields():
    for kind in registry:
        assert set(kind.title_fields) <= set(kind.form_fields), kind
        assert kind.title(ArticleBlock(kind=kind.name)) == ""


def test_quote_titles_are_loaded_with_the_blocks_not_one_by_one(
    client, editor, django_assert_max_num_queries
):
    article = ArticleFactory()
    for position in range(12):
        QuoteBlockFactory(article=article, position=position)
    client.force_login(editor)
    client.get(change_url(article))

    # The quote pickers still ask for their chosen quote one by one (2 a block, Django's
    # autocomplete widget); the title bars add nothing to that. The byline table is 2 more.
    with django_assert_max_num_queries(47):
        html = client.get(change_url(article)).content.decode()

    assert len(title_bars(html)) == 12


def test_a_saved_block_shows_only_its_kinds_fields_without_javascript(client, editor):
    article = ArticleFactory()
    HeadingBlockFactory(article=article, position=1, heading="Who took Josh?")
    client.force_login(editor)

    html = client.get(change_url(article)).content.decode()

    wrappers = re.findall(r'<div class="mq-kind-fields"( hidden)?>(.*?)</fieldset>', html, re.S)
    shown = [body for hidden, body in wrappers if not hidden and 'id="id_blocks-0-' in body]
    hidden = [body for hidden, body in wrappers if hidden and 'id="id_blocks-0-' in body]
    assert len(shown) == 2  # the kind select, and the heading
    assert 'id="id_blocks-0-heading"' in "".join(shown)
    assert 'id="id_blocks-0-claim"' in "".join(hidden)
    assert 'id="id_blocks-0-quote"' in "".join(hidden)
