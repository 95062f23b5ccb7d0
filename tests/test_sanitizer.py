"""Rich text reaches readers only through the allowlist, whatever an editor or a forgery sends."""

import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.models import Article, ArticleBlock
from articles.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html
from tests.admin_forms import article_add_data
from tests.factories import BlockFactory

# (hostile input, what must be gone, harmless text that must stay)
HOSTILE = [
    ("<p>Hello<script>alert(1)</script> world</p>", ["<script", "alert(1)"], "Hello world"),
    ("<SCRIPT SRC=https://evil.example/x.js></SCRIPT><p>Kept</p>", ["script", "evil"], "Kept"),
    ('<p onclick="alert(1)">Kept</p>', ["onclick", "alert"], "Kept"),
    ("<img src=x onerror=alert(1)>Kept", ["<img", "onerror", "alert"], "Kept"),
    ('<a href="javascript:alert(1)">Kept</a>', ["javascript", "alert"], "Kept"),
    ('<a href="JaVaScRiPt:alert(1)">Kept</a>', ["javascript", "alert"], "Kept"),
    ('<a href="&#106;avascript:alert(1)">Kept</a>', ["avascript", "alert"], "Kept"),
    (
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">'
        "Kept</a>",
        ["&#x", "alert"],
        "Kept",
    ),
    ('<a href=" javascript:alert(1)">Kept</a>', ["javascript", "alert"], "Kept"),
    ('<a href="java\tscript:alert(1)">Kept</a>', ["script", "alert"], "Kept"),
    ('<a href="vbscript:msgbox(1)">Kept</a>', ["vbscript", "msgbox"], "Kept"),
    ("<svg onload=alert(1)><text>x</text></svg><p>Kept</p>", ["<svg", "onload", "alert"], "Kept"),
    (
        "<p>Kept</p><math><mtext><table><mglyph><style><img src=x onerror=alert(1)></math>",
        ["<math", "<style", "onerror", "alert"],
        "Kept",
    ),
    ('<p style="background:url(javascript:alert(1))">Kept</p>', ["style", "javascript"], "Kept"),
    ("<style>p { color: red }</style><p>Kept</p>", ["<style", "color"], "Kept"),
    (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Kept</a>',
        ["data:", "base64"],
        "Kept",
    ),
    ('<img src="data:image/png;base64,iVBORw0KGgo=">Kept', ["<img", "data:", "base64"], "Kept"),
    ('<iframe src="https://evil.example/"></iframe><p>Kept</p>', ["iframe", "evil"], "Kept"),
    ('<object data="x.swf"></object><embed src="y.swf"><p>Kept</p>', ["object", "embed"], "Kept"),
    (
        '<form action="https://evil.example/"><input name="q"><button>Go</button></form>'
        "<p>Kept</p>",
        ["<form", "<input", "<button", "evil"],
        "Kept",
    ),
    ("<p>Kept <b><i>nested</b></i> badly", ["</b></i>"], "Kept nested badly"),
    ("<p>Kept<script>alert(1)", ["script", "alert"], "Kept"),
    ("<p>Kept <em>unclosed <strong>tags", [], "Kept unclosed tags"),
    (
        "<!--[if IE]><script>alert(1)</script><![endif]--><p>Kept</p>",
        ["<!--", "script", "alert", "endif"],
        "Kept",
    ),
    ("<scr<script>ipt>alert(1)</script><p>Kept</p>", ["<script", "<scr"], "Kept"),
    (
        '<p><a href="https://example.com/" onmouseover="alert(1)" target="_blank">Kept</a></p>',
        ["onmouseover", "alert", "target"],
        "Kept",
    ),
    ("<details open ontoggle=alert(1)><summary>Kept</summary></details>", ["ontoggle"], "Kept"),
    ('<base href="javascript:/"><p>Kept</p>', ["<base", "javascript"], "Kept"),
    (
        '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>Kept</p>',
        ["<meta", "refresh", "evil"],
        "Kept",
    ),
    ('<link rel="stylesheet" href="https://evil.example/x.css"><p>Kept</p>', ["<link"], "Kept"),
    (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">Kept</p></noscript>',
        ["<img", "onerror", "alert"],
        "Kept",
    ),
    ("<video><source onerror=alert(1)></video><p>Kept</p>", ["<video", "onerror"], "Kept"),
    ("<template><script>alert(1)</script></template><p>Kept</p>", ["script", "alert"], "Kept"),
    ('<blockquote cite="javascript:alert(1)">Kept</blockquote>', ["cite", "javascript"], "Kept"),
    ('<div class="promo" id="x" data-track="1">Kept</div>', ["class", "data-track"], "Kept"),
]


@pytest.mark.parametrize(
    ("hostile", "gone", "kept"), HOSTILE, ids=[f"hostile-{i}" for i in range(len(HOSTILE))]
)
def test_hostile_markup_is_removed_and_the_harmless_text_kept(hostile, gone, kept):
    clean = sanitize_html(hostile)

    for fragment in gone:
        assert fragment.lower() not in clean.lower()
    assert kept in visible_text(clean)


def test_there_are_at_least_twenty_hostile_cases():
    assert len(HOSTILE) >= 20


ALLOWED = [
    "<p>A paragraph.</p>",
    "<h3>A subheading</h3>",
    "<h4>A smaller subheading</h4>",
    "<ul><li>One</li><li>Two</li></ul>",
    "<ol><li>First</li></ol>",
    "<p><strong>Strong</strong>, <b>bold</b>, <em>emphasis</em> and <i>italic</i>.</p>",
    "<blockquote><p>Quoted words.</p></blockquote>",
    "<p>Line one<br>line two</p>",
    '<table><caption>Cast</caption><thead><tr><th scope="col">Actor</th><th colspan="2">Role</th>'
    '</tr></thead><tbody><tr><td rowspan="2">Ann</td><td></td><td>B</td></tr></tbody>'
    "<tfoot><tr><td>1</td></tr></tfoot></table>",
    "<pre><code>def f():\n    return 1\n</code></pre>",
    "<pre>  Two roads\n\n\tdiverged</pre>",
]


@pytest.mark.parametrize("markup", ALLOWED)
def test_allowed_markup_is_kept_as_written(markup):
    assert sanitize_html(markup) == markup


@pytest.mark.parametrize(
    "href", ["https://example.com/a?b=1", "http://example.com/", "mailto:desk@example.com"]
)
def test_links_to_web_and_mail_addresses_are_kept_and_made_safe(href):
    clean = sanitize_html(f'<p><a href="{href}" title="More">link</a></p>')

    assert f'href="{html_lib.escape(href)}"' in clean
    assert 'title="More"' in clean
    assert 'rel="noopener noreferrer"' in clean


@pytest.mark.parametrize("href", ["ftp://example.com/file", "file:///etc/passwd", "tel:+441234"])
def test_links_with_other_schemes_lose_their_address(href):
    clean = sanitize_html(f'<a href="{href}">link</a>')

    assert "href" not in clean
    assert "link" in clean


def test_pasted_headings_and_containers_keep_their_word_boundaries():
    pasted = "<h1>Title</h1><h2>Section</h2><div>One</div><div>Two</div><h6>Small</h6>"

    assert sanitize_html(pasted) == (
        "<h3>Title</h3><h3>Section</h3><p>One</p><p>Two</p><h4>Small</h4>"
    )


def test_table_cells_keep_only_spans_and_scope():
    clean = sanitize_html(
        '<table border="1" style="x"><tr><th scope="row" class="c" width="9">A</th>'
        '<td colspan="2" scope="col" onclick="x()">B</td></tr></table>'
    )

    assert clean == (
        '<table><tbody><tr><th scope="row">A</th><td colspan="2">B</td></tr></tbody></table>'
    )


def test_code_keeps_a_leading_blank_line_however_often_it_is_cleaned():
    once = sanitize_html("<pre>\n\n  indented\n</pre>")

    assert once == "<pre>\n\n  indented\n</pre>"
    assert sanitize_html(once) == once


def test_changing_only_the_indent_of_code_is_an_edit():
    from articles.richtext import comparable_html

    assert comparable_html("<pre>a\n  b</pre>") != comparable_html("<pre>a\n    b</pre>")
    assert comparable_html("<p>a</p>\n\n<p>b</p>") == comparable_html("<p>a</p><p>b</p>")


def test_empty_paragraphs_from_the_editor_are_dropped():
    assert sanitize_html("<p>&nbsp;</p><p>Words</p><p> <br> </p>") == "<p>Words</p>"


def test_empty_input_gives_empty_output():
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""


def test_sanitising_twice_changes_nothing():
    once = sanitize_html(" ".join(hostile for hostile, _, _ in HOSTILE))

    assert sanitize_html(once) == once


# --- Property: whatever goes in, only the allowlist comes out -------------------

FRAGMENTS = [
    "<script>",
    "</script>",
    "<scr",
    "ipt>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href='javascript:alert(1)'>",
    '<a href="JaVaScRiPt:x">',
    '<a href="&#106;avascript:x">',
    '<a href=" javascript:x">',
    "<a href=https://example.com>",
    "</a>",
    "<p",
    " onclick=",
    ' style="x:y"',
    ">",
    "<",
    '"',
    "'",
    "=",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<style>",
    "<iframe src=//x>",
    "<math>",
    "<p>",
    "</p>",
    "<h3>",
    "<div>",
    "&lt;",
    "&#60;script&#62;",
    "text",
    " ",
]

hostile_html = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40
).map("".join)


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def visible_text(markup):
    collector = _TagCollector()
    collector.feed(markup)
    return "".join(collector.text)


SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


@settings(max_examples=300, deadline=None)
@given(hostile_html)
def test_sanitised_output_only_ever_contains_the_allowlist(markup):
    clean = sanitize_html(markup)
    collector = _TagCollector()
    collector.feed(clean)

    assert "<script" not in clean.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", clean, re.IGNORECASE)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}
            assert not name.startswith("on")
            if name == "href":
                scheme = SCHEME.match(html_lib.unescape(value or ""))
                assert scheme is None or scheme.group(1).lower() in {"http", "https", "mailto"}
                assert "javascript:" not in (value or "").lower()


# --- Every path that saves a block stores sanitised HTML -------------------------


@pytest.mark.django_db
def test_saving_a_block_through_the_orm_stores_sanitised_html():
    block = BlockFactory(
        text='<p onclick="x()">Kept<script>alert(1)</script> <a href="javascript:x">here</a></p>'
    )
    block.refresh_from_db()

    assert block.text == '<p>Kept <a rel="noopener noreferrer">here</a></p>'


@pytest.mark.django_db
def test_updating_a_block_through_the_orm_sanitises_again():
    block = BlockFactory()
    block.text = "<p>Changed<img src=x onerror=alert(1)></p>"
    block.save()
    block.refresh_from_db()

    assert block.text == "<p>Changed</p>"


@pytest.mark.django_db
@pytest.mark.parametrize("editor", ["ckeditor", "prose"])
def test_saving_a_block_through_the_admin_stores_sanitised_html(
    client, superuser, settings, editor
):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor
    client.force_login(superuser)
    data = article_add_data(
        client,
        title="Is it true?",
        slug="is-it-true",
        standfirst="What is real and what is not.",
        blocks=[
            {
                "kind": "rich_text",
                "position": "1",
                "text": '<p style="color:red">Kept<script>alert(1)</script></p>'
                '<iframe src="https://evil.example/"></iframe>'
                '<p><a href="JaVaScRiPt:alert(1)" onclick="x()">link</a></p>',
            }
        ],
    )

    response = client.post("/admin/articles/article/add/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    block = ArticleBlock.objects.get(article__slug="is-it-true")
    assert block.text == '<p>Kept</p><p><a rel="noopener noreferrer">link</a></p>'


@pytest.mark.django_db
def test_a_script_posted_alone_leaves_a_rich_text_block_empty_and_the_admin_says_so(
    client, superuser
):
    client.force_login(superuser)
    data = article_add_data(
        client,
        title="Only a script",
        slug="only-a-script",
        standfirst="Nothing survives.",
        blocks=[{"kind": "rich_text", "position": "1", "text": "<script>alert(1)</script>"}],
    )

    response = client.post("/admin/articles/article/add/", data)

    assert response.status_code == 200
    assert "A rich-text block needs some text" in response.content.decode()
    assert not Article.objects.filter(slug="only-a-script").exists()
