"""A WordPress post's HTML becomes blocks without losing its tables, code, pictures or words.

The posts are WordPress's own theme test data (tests/fixtures/wordpress/public/), full of
block-editor markup, classic markup and shortcodes.
"""

import html as html_lib
import re

import pytest

from articles.richtext import sanitize_html
from exchange.wordpress.html import SHORTCODE
from tests.factories import ArticleFactory, BlockFactory
from tests.wordpress_exports import (
    HEADING,
    QUOTE,
    RICH_TEXT,
    SPOILER,
    kinds,
    mapped,
    post_html,
    rich_text,
)

THEME = "theme-unit-test-data.xml"
A11Y = "a11y-unit-test-data.xml"

# --- Words: nothing a reader could read is silently lost ----------------------------------


#: Inline markup runs into the words around it ("H<sub>2</sub>O"); other tags separate words.
_INLINE_TAG = re.compile(
    r"</?(?:a|em|strong|b|i|u|s|sub|sup|code|span|small|big|abbr|acronym|del|ins|kbd|q|strike"
    r"|tt|var|cite|mark)\b[^>]*>",
    re.IGNORECASE,
)
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.DOTALL | re.IGNORECASE)


def words(html, links=False):
    """The words of `html` as readers see them (and the addresses of its links)."""
    links = " ".join(re.findall(r'href="([^"]*)"', html)) if links else ""
    text = re.sub(r"<[^>]*>", " ", _INLINE_TAG.sub("", html))
    return set(re.findall(r"\w+", f"{html_lib.unescape(text)} {links}".lower()))


def source_words(html):
    return words(SHORTCODE.sub(" ", _HIDDEN.sub(" ", html)))


def draft_words(mapping):
    parts = []
    for draft in mapping.drafts:
        parts += list(draft.fields.values()) + [draft.fallback, draft.image.get("caption", "")]
        parts += [html_lib.escape(draft.quote.get(key, "")) for key in ("text", "speaker")]
    # An embedded player's address, visible in the post, is kept as a link's address.
    return words(" ".join(parts), links=True)


REAL_POSTS = [
    (THEME, "Block category: Common"),
    (THEME, "Block category: Formatting"),
    (THEME, "Block category: Layout Elements"),
    (THEME, "Block category: Embeds"),
    (THEME, "Block category: Widgets"),
    (THEME, "Block: Columns"),
    (THEME, "Block: Cover"),
    (THEME, "Block: Quote"),
    (THEME, "Block: Gallery"),
    (THEME, "Block: Image"),
    (THEME, "WP 6.1 Text category blocks"),
    (THEME, "WP 6.1 Media category blocks"),
    (THEME, "Markup: HTML Tags and Formatting"),
    (THEME, "Post Format: Audio"),
    (THEME, "Post Format: Quote"),
    (THEME, "Post Format: Gallery (Tiled)"),
    (A11Y, "Block: Columns"),
    (A11Y, "Block: Cover"),
    (A11Y, "Block category: Formatting"),
    (A11Y, "Markup: HTML Tags and Formatting"),
]


@pytest.mark.parametrize(("file", "title"), REAL_POSTS)
def test_every_word_of_a_real_post_reaches_a_block(file, title):
    html = post_html(file, title)

    lost = source_words(html) - draft_words(mapped(html))

    assert not lost


# --- Tables ---------------------------------------------------------------------------------


def test_a_block_table_stays_one_table_with_its_caption():
    html = post_html(THEME, "WP 6.1 Text category blocks")

    mapping = mapped(html)

    tables = [d.fields["text"] for d in mapping.drafts if "<table>" in d.fields.get("text", "")]
    assert len(tables) == 2
    assert all(text.count("<table>") == 1 for text in tables)
    assert tables[0].startswith("<table><caption>Table caption</caption>")
    assert "<td>table cell two</td>" in tables[0]
    assert "<thead><tr><th>header label one</th>" in tables[1]
    assert "<tfoot><tr><td>footer label one</td>" in tables[1]
    assert "<p>table cell" not in rich_text(mapping)
    assert mapping.counts["tables"] == 2


def test_a_classic_table_keeps_its_rows_and_header_cells():
    html = post_html(THEME, "Markup: HTML Tags and Formatting")

    text = rich_text(mapped(html))

    table = text[text.index("<table>") : text.index("</table>")]
    assert table.count("<tr>") == 5
    assert table.count("<th>") == 7
    assert "<td>$100B</td>" in table


def test_table_cell_spans_and_scope_are_kept_and_nothing_else():
    html = (
        '<table class="x" style="width:100%"><tr><th scope="col" class="h">Who</th>'
        '<th colspan="2" onclick="x()">What</th></tr>'
        '<tr><td rowspan="2" style="color:red">Ann</td><td>1</td><td>2</td></tr></table>'
    )

    (draft,) = mapped(html).drafts

    assert draft.fields["text"] == (
        '<table><tbody><tr><th scope="col">Who</th><th colspan="2">What</th></tr>'
        '<tr><td rowspan="2">Ann</td><td>1</td><td>2</td></tr></tbody></table>'
    )


# --- Code, preformatted text, verse --------------------------------------------------------


def _pre_blocks(mapping):
    return [
        d.fields["text"] for d in mapping.drafts if d.fields.get("text", "").startswith("<pre>")
    ]


def test_code_preformatted_and_verse_keep_their_lines_and_indents():
    html = post_html(THEME, "Block category: Formatting")

    code, preformatted, verse = _pre_blocks(mapped(html))

    assert code == (
        "<pre><code>The code block starts with\n&lt;!-- wp:code --&gt;\n"
        "&lt;?php echo 'Hello World'; ?&gt;\n</code></pre>"
    )
    assert "\nAnd sorry I could not travel both          (\\_/)  \n" in preformatted
    assert "\n                                             /  O  \\  \n" in preformatted
    assert verse == (
        "<pre>The Verse block\n\nA block for haiku? \n  Why not? \n"
        "    Blocks for all the things!</pre>"
    )


def test_code_survives_the_sanitiser_again_unchanged():
    html = post_html(THEME, "Block category: Formatting")

    for text in _pre_blocks(mapped(html)):
        assert sanitize_html(text) == text


def test_a_classic_pre_with_blank_lines_stays_one_block_with_its_tabs():
    html = post_html(THEME, "Markup: HTML Tags and Formatting")

    (poem,) = _pre_blocks(mapped(html))

    assert poem.startswith("<pre>Robert Frost\n\n\n\tTwo roads diverged in a yellow wood,\n")
    assert "\n\tI shall be telling this with a sigh\n" in poem


def test_a_shortcode_inside_code_is_kept_as_code():
    mapping = mapped('<pre class="wp-block-code"><code>[gallery ids="1,2"]\n  done</code></pre>')

    assert kinds(mapping) == [RICH_TEXT]
    assert mapping.drafts[0].fields["text"] == '<pre><code>[gallery ids="1,2"]\n  done</code></pre>'


# --- Spoilers, quotes ------------------------------------------------------------------------


def test_details_become_a_folded_spoiler_labelled_by_its_summary():
    mapping = mapped(
        "<p>Intro.</p><details><summary>What happens to Ann</summary>"
        "<p>She <strong>leaves</strong>.</p>And never returns.</details>"
    )

    assert kinds(mapping) == [RICH_TEXT, SPOILER]
    assert mapping.drafts[1].fields == {
        "heading": "What happens to Ann",
        "text": "<p>She <strong>leaves</strong>.</p><p>And never returns.</p>",
    }
    assert mapping.counts["spoilers"] == 1


def test_details_without_a_summary_are_a_spoiler_with_no_label():
    (draft,) = mapped("<details><p>Hidden.</p></details>").drafts

    assert draft.kind == SPOILER
    assert draft.fields == {"heading": "", "text": "<p>Hidden.</p>"}


def test_quotes_with_a_cite_keep_the_cite_in_their_fallback():
    html = post_html(THEME, "Block: Quote")

    quotes = [draft for draft in mapped(html).drafts if draft.kind == QUOTE]

    assert len(quotes) == 5
    assert quotes[0].quote["speaker"] == "The Gutenberg Team"
    assert quotes[0].fallback == (
        "<blockquote><p>Gutenberg is more than an editor.</p>"
        "<p>— The Gutenberg Team</p></blockquote>"
    )
    assert all("— " in quote.fallback for quote in quotes)
    pullquote = quotes[3]
    assert pullquote.quote["text"] == "In addition to the quote block, we also have the pull quote."
    assert pullquote.fallback.endswith("<p>— Theme Reviewer</p></blockquote>")


def test_a_linked_cite_keeps_its_link_in_the_fallback():
    (draft,) = mapped(post_html(THEME, "Post Format: Quote")).drafts

    assert draft.quote["speaker"] == "Mark Twain"
    assert 'href="http://www.brainyquote.com/quotes/quotes/m/marktwain163473.html"' in (
        draft.fallback
    )
    assert ">Mark Twain</a></p></blockquote>" in draft.fallback


def test_a_quote_whose_cite_names_nobody_stays_text_with_its_words():
    mapping = mapped("<blockquote><p>Words.</p><cite> </cite></blockquote>")

    assert kinds(mapping) == [RICH_TEXT]
    assert rich_text(mapping) == "<blockquote><p>Words.</p></blockquote>"


# --- What is removed is said -----------------------------------------------------------------


def test_scripts_styles_and_forms_are_removed_counted_and_noted():
    mapping = mapped(
        "<p>Kept.</p><script>track()</script><p>More<script>x()</script></p>"
        "<style>p{}</style><form><label>Your email</label><input name=e></form>"
    )

    assert rich_text(mapping) == "<p>Kept.</p><p>More</p>"
    assert mapping.counts["scripts removed"] == 2
    assert mapping.counts["styles removed"] == 1
    assert "2 scripts removed" in mapping.notes
    assert "<form> removed (it said “Your email”)" in mapping.notes


def test_dynamic_blocks_with_no_saved_html_are_removed_and_noted():
    mapping = mapped(post_html(THEME, "Block category: Widgets"))

    assert mapping.counts["dynamic blocks removed"] == 12
    assert any("“latest-posts” removed" in note for note in mapping.notes)


def test_unknown_shortcodes_are_removed_and_named():
    mapping = mapped('<p>Write to us: [contact-form-7 id="4" title="Contact"]</p>')

    assert rich_text(mapping) == "<p>Write to us: </p>"
    assert mapping.shortcodes == ["[contact-form-7]"]
    assert "shortcode [contact-form-7] removed" in mapping.notes
    assert mapping.counts["shortcodes removed"] == 1


def test_a_plain_post_says_nothing():
    mapping = mapped("<p>Just words.</p><h2>A heading</h2><ul><li>One</li></ul>")

    assert kinds(mapping) == [RICH_TEXT, HEADING, RICH_TEXT]
    assert mapping.notes == []
    assert not mapping.counts


# --- Readers see tables and code -------------------------------------------------------------


@pytest.mark.django_db
def test_the_article_page_shows_a_table_and_code_as_written(client):
    article = ArticleFactory(published=True)
    BlockFactory(
        article=article,
        text=(
            '<table><caption>Cast</caption><thead><tr><th scope="col">Actor</th></tr></thead>'
            "<tbody><tr><td>Ann</td></tr></tbody></table>"
            "<pre><code>def f():\n    return 1</code></pre>"
        ),
    )

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<table><caption>Cast</caption><thead><tr><th scope="col">Actor</th>' in page
    assert "<pre><code>def f():\n    return 1</code></pre>" in page
