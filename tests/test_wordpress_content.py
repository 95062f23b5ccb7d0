"""A WordPress post's HTML becomes blocks without losing its tables, code, pictures or words.

The posts are WordPress's own theme test data (tests/fixtures/wordpress/public/), full of
block-editor markup, classic markup and shortcodes.
"""

import html as html_lib
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

from articles.models import ArticleBlock
from articles.richtext import sanitize_html
from exchange.wordpress.html import SHORTCODE, parse_post
from exchange.wordpress.mappers import map_post
from tests.factories import ArticleFactory, BlockFactory

PUBLIC = Path(__file__).parent / "fixtures" / "wordpress" / "public"
THEME = "theme-unit-test-data.xml"
A11Y = "a11y-unit-test-data.xml"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"

IMAGE, RICH_TEXT, QUOTE, HEADING, SPOILER = (
    ArticleBlock.Kind.IMAGE,
    ArticleBlock.Kind.RICH_TEXT,
    ArticleBlock.Kind.QUOTE,
    ArticleBlock.Kind.HEADING,
    ArticleBlock.Kind.SPOILER,
)


@cache
def _posts(file):
    root = ET.parse(PUBLIC / file).getroot()
    return {
        html_lib.unescape(item.findtext("title") or ""): item.findtext(CONTENT) or ""
        for item in root.iter("item")
    }


def post_html(file, title):
    """The content of the post called `title` in the export `file`."""
    return _posts(file)[title]


def mapped(html):
    return map_post(parse_post(html))


def kinds(mapping):
    return [draft.kind for draft in mapping.drafts]


def images(mapping):
    return [draft.image for draft in mapping.drafts if draft.kind == IMAGE]


def rich_text(mapping):
    return "".join(d.fields["text"] for d in mapping.drafts if d.kind == RICH_TEXT)


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


def pictures_in(html):
    """How many pictures the post shows: images, and covers' background pictures (a media &
    text block's background is its own <img> again)."""
    tags = re.findall(r"<[a-z]+\b[^>]*>", html)
    backgrounds = [t for t in tags if "background-image" in t and "media-text" not in t]
    return html.count("<img ") + len(backgrounds)


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


# --- Galleries -------------------------------------------------------------------------------


def test_a_gallery_block_gives_one_image_block_per_picture_in_order_with_captions():
    html = post_html(THEME, "Block: Gallery")

    found = images(mapped(html))

    assert len(found) == html.count("<img ")
    assert found[0]["src"].endswith("/canola2.jpg")
    assert found[0]["attachment_id"] == 611
    assert all(not image["attached"] for image in found)


def test_a_gallery_among_other_blocks_keeps_each_caption():
    html = post_html(THEME, "Block category: Common")

    found = images(mapped(html))

    assert len(found) == pictures_in(html)
    gallery = found[1:7]
    assert [image["attachment_id"] for image in gallery] == [769, 768, 767, 770, 807, 766]
    assert gallery[0]["caption"] == "Jericoacoara Ceara Brasil"
    assert gallery[4]["caption"] == ""


def test_newer_gallery_blocks_with_a_figure_per_picture_keep_every_picture():
    html = post_html(THEME, "WP 6.1 Media category blocks")

    mapping = mapped(html)

    assert len(images(mapping)) == pictures_in(html)
    assert mapping.counts["gallery pictures"] > 0


def test_classic_gallery_markup_gives_one_image_block_per_picture():
    html = (
        '<div id="gallery-1" class="gallery galleryid-5 gallery-columns-2">'
        '<dl class="gallery-item"><dt class="gallery-icon"><a href="/a"><img src="/a.jpg" '
        'class="attachment-thumbnail" alt="A"></a></dt><dd class="gallery-caption">First</dd></dl>'
        '<figure class="gallery-item"><div class="gallery-icon"><img src="/b.jpg" '
        'class="wp-image-12"></div><figcaption class="gallery-caption">Second</figcaption>'
        "</figure></div>"
    )

    found = images(mapped(html))

    assert [(i["src"], i["caption"], i["attachment_id"]) for i in found] == [
        ("/a.jpg", "First", None),
        ("/b.jpg", "Second", 12),
    ]


def test_a_gallery_shortcode_with_ids_names_each_attachment():
    mapping = mapped('<p>Before</p>\n[gallery columns="3" ids="12, 7,40"]\n<p>After</p>')

    assert kinds(mapping) == [RICH_TEXT, IMAGE, IMAGE, IMAGE, RICH_TEXT]
    assert [image["attachment_id"] for image in images(mapping)] == [12, 7, 40]
    assert all(image["src"] == "" and not image["attached"] for image in images(mapping))
    assert "gallery of 3 pictures → 3 image blocks" in mapping.notes


def test_a_gallery_shortcode_without_ids_asks_for_every_attached_picture():
    mapping = mapped(post_html(THEME, "Post Format: Gallery"))

    assert images(mapping)[0] == {
        "attached": True,
        "src": "",
        "alt": "",
        "caption": "",
        "attachment_id": None,
    }


# --- Pictures inside wrappers ----------------------------------------------------------------


def test_columns_keep_their_pictures_and_text_in_document_order():
    html = (
        '<div class="wp-block-columns"><div class="wp-block-column"><p>Left words.</p>'
        '<figure class="wp-block-image"><img src="/l.jpg" class="wp-image-3" alt="L"></figure>'
        '</div><div class="wp-block-column"><div class="wp-block-group"><p>Right words.</p>'
        "</div></div></div>"
    )

    mapping = mapped(html)

    assert kinds(mapping) == [RICH_TEXT, IMAGE, RICH_TEXT]
    assert mapping.drafts[1].image["attachment_id"] == 3
    assert mapping.drafts[1].image["src"] == "/l.jpg"


def test_real_column_layouts_keep_every_picture():
    for file in (THEME, A11Y):
        html = post_html(file, "Block: Columns")

        assert len(images(mapped(html))) == html.count("<img ")


def test_a_cover_gives_its_background_picture_then_its_words():
    html = post_html(THEME, "Block: Cover")

    mapping = mapped(html)

    assert mapping.drafts[0].kind == IMAGE
    assert mapping.drafts[0].image["src"].endswith("/dsc20050102_192118_51.jpg")
    assert mapping.drafts[1].kind == RICH_TEXT
    assert len(images(mapping)) == pictures_in(html)


def test_media_and_text_gives_the_picture_then_the_text():
    html = post_html(THEME, "Block category: Layout Elements")

    mapping = mapped(html)

    position = kinds(mapping).index(IMAGE)
    assert mapping.drafts[position].image["alt"] == "Boardwalk"
    assert mapping.drafts[position].image["attachment_id"] == 757
    assert mapping.drafts[position + 1].fields["text"].startswith("<p>Media &amp;Text</p>")


def test_a_picture_in_a_paragraph_with_words_is_kept_beside_them():
    mapping = mapped('<p><img src="/x.jpg" class="alignleft wp-image-9" alt="X">Words after.</p>')

    assert kinds(mapping) == [IMAGE, RICH_TEXT]
    assert mapping.drafts[1].fields["text"] == "<p>Words after.</p>"


def test_a_caption_with_no_picture_keeps_its_words_and_says_so():
    mapping = mapped('[caption id="x" align="alignleft"]Only words here[/caption]')

    assert rich_text(mapping) == "<p>Only words here</p>"
    assert "caption “Only words here” has no picture" in mapping.notes


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


# --- Embeds, audio, video, iframes -----------------------------------------------------------


def test_embed_blocks_become_links_naming_their_provider():
    mapping = mapped(post_html(THEME, "Block category: Embeds"))

    text = rich_text(mapping)
    assert (
        '<a href="https://youtu.be/ex8fMxXJDJw" rel="noopener noreferrer">YouTube: YouTube</a>'
        in text
    )
    assert ">Twitter: Twitter, wide width</a>" in text
    assert ">WordPress.tv: WordPress TV, full width</a>" in text
    assert mapping.counts["embeds"] == 5
    assert "YouTube embed https://youtu.be/ex8fMxXJDJw kept as a link" in mapping.notes


def test_a_bare_address_on_its_own_line_is_an_embed_link():
    mapping = mapped(post_html(THEME, "Post Format: Video (YouTube)"))

    assert rich_text(mapping).startswith(
        '<p><a href="https://www.youtube.com/watch?v=SQEQr7c0-dw" rel="noopener noreferrer">'
        "YouTube: https://www.youtube.com/watch?v=SQEQr7c0-dw</a></p>"
    )
    assert mapping.counts["embeds"] == 1


def test_the_embed_shortcode_becomes_a_link():
    mapping = mapped("<p>[embed width=400]https://vimeo.com/22439234[/embed]</p>")

    assert rich_text(mapping) == (
        '<p><a href="https://vimeo.com/22439234" rel="noopener noreferrer">'
        "Vimeo: https://vimeo.com/22439234</a></p>"
    )


@pytest.mark.parametrize(
    ("shortcode", "label"),
    [
        ('[audio mp3="https://example.com/a.mp3"][/audio]', "Audio"),
        ("[audio https://example.com/a.mp3]", "Audio"),
        ('[audio src="https://example.com/a.mp3" loop="on"]', "Audio"),
        ('[video width="640" mp4="https://example.com/a.mp3"][/video]', "Video"),
    ],
)
def test_audio_and_video_shortcodes_become_links_to_the_file(shortcode, label):
    mapping = mapped(f"<p>Listen:</p>\n\n{shortcode}")

    assert rich_text(mapping) == (
        '<p>Listen:</p><p><a href="https://example.com/a.mp3" rel="noopener noreferrer">'
        f"{label}: https://example.com/a.mp3</a></p>"
    )
    assert mapping.counts["audio and video"] == 1


def test_audio_and_video_blocks_become_links_with_their_caption():
    text = rich_text(mapped(post_html(THEME, "Block category: Common")))

    assert ">Video: This is a video block caption.</a>" in text
    assert 'href="https://wpthemetestdata.files.wordpress.com/2008/06/originaldixie' in text


def test_an_iframe_becomes_a_link_and_a_note_says_so():
    mapping = mapped(
        '<p>See:</p><iframe src="https://maps.example.com/x?y=1" title="Map"></iframe>'
    )

    assert rich_text(mapping) == (
        '<p>See:</p><p><a href="https://maps.example.com/x?y=1" rel="noopener noreferrer">'
        "maps.example.com: Map</a></p>"
    )
    assert "iframe from https://maps.example.com/x?y=1 kept as a link" in mapping.notes
    assert mapping.counts["iframes"] == 1


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
