"""Hostile HTML in an article's rich text is reduced to harmless markup on the reader's page."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from articles.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from tests.factories import ArticleFactory, BlockFactory
from tests.test_hostile_input import MARK, PAYLOADS, inspect_html

pytestmark = pytest.mark.django_db

#: Markup that is meant to be HTML (unlike the plain-text PAYLOADS), aimed at the sanitiser.
RICH_PAYLOADS = [
    f"<p>before<script>{MARK}</script>after</p>",
    f'<p onclick="{MARK}">click</p>',
    f'<p><strong onmouseover="{MARK}">hover</strong></p>',
    f'<p><a href="javascript:{MARK}">x</a></p>',
    f'<p><a href="&#x6A;avascript&#x3A;{MARK}">x</a></p>',
    f'<p><a href="&#0000106&#0000097vascript:{MARK}">x</a></p>',
    f'<p><a href="jav&#x09;ascript:{MARK}">x</a></p>',
    f'<p><a href=" &#14; javascript:{MARK}">x</a></p>',
    f'<p><a href="vbscript:{MARK}">x</a></p>',
    '<p><a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+">x</a></p>',
    f'<p><a href="//evil.example/" onfocus="{MARK}" autofocus>x</a></p>',
    f"<svg><script>{MARK}</script></svg>",
    f'<svg><a xlink:href="javascript:{MARK}"><text>x</text></a></svg>',
    f"<math><maction actiontype=statusline xlink:href=javascript:{MARK}>x</maction></math>",
    f'<p style="width:expression({MARK})">ie</p>',
    f"<style>p{{background:url(javascript:{MARK})}}</style><p>x</p>",
    f'<iframe src="javascript:{MARK}"></iframe>',
    f'<iframe srcdoc="<script>{MARK}</script>"></iframe>',
    f'<object data="javascript:{MARK}"></object><embed src="javascript:{MARK}">',
    f'<form action="javascript:{MARK}"><button>go</button></form>',
    f'<img src=x onerror="{MARK}">',
    f'<noscript><p title="</noscript><img src=x onerror={MARK}>">',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{MARK}">',
    f'<svg></p><style><a id="</style><img src=1 onerror={MARK}>">',
    f'<form><math><mtext></form><form><mglyph><style></math><img src onerror="{MARK}">',
    f"<template><script>{MARK}</script></template>",
    f"<!--><script>{MARK}</script>-->",
    f'<div><p title="--><script>{MARK}</script>">x</p></div>',
    f"<scr<script>ipt>{MARK}</scr</script>ipt>",
    '<a href="https://ok.example/" target="_blank" rel="opener">link</a>',
    f'<base href="javascript:{MARK}//"><a href="x">x</a>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{MARK}">',
    f'<details open ontoggle="{MARK}"><summary>x</summary></details>',
    f'<input autofocus onfocus="{MARK}">',
    f'<video><source onerror="{MARK}"></video>',
]


#: nh3 adds rel to links and keeps its generic attributes (title, lang) on every element:
#: their values are escaped text, so they can carry no script.
EVERYWHERE = {"rel", "title", "lang"}


class Allowlist(HTMLParser):
    """Every element, attribute and comment outside the sanitiser's allowlist, as parsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.outside = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.outside.append(f"<{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()) | EVERYWHERE:
                self.outside.append(f"<{tag} {name}>")
            elif name == "href" and urlsplit(value).scheme not in ("", "http", "https", "mailto"):
                self.outside.append(f"<{tag} href={value[:40]!r}>")

    def handle_comment(self, data):
        self.outside.append("<!-- -->")


def outside_allowlist(html):
    parser = Allowlist()
    parser.feed(html)
    parser.close()
    return parser.outside


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_TIMEOUT = 0


@pytest.mark.parametrize(
    "payload", RICH_PAYLOADS + PAYLOADS, ids=range(len(RICH_PAYLOADS) + len(PAYLOADS))
)
def test_hostile_rich_text_reaches_the_article_page_harmless(client, no_page_cache, payload):
    article = ArticleFactory(published=True, slug="rich")
    # A rich-text block must keep some text (a database constraint), so the payload has company.
    block = BlockFactory(article=article, text="<p>kept</p>" + payload.replace("\0", ""))

    assert outside_allowlist(block.text) == []
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert inspect_html(response.content.decode()) == []


def test_a_rich_text_link_cannot_open_its_opener(client, no_page_cache):
    article = ArticleFactory(published=True, slug="rich")
    block = BlockFactory(article=article, text=RICH_PAYLOADS[29])

    assert 'rel="noopener noreferrer"' in block.text
    assert 'rel="opener"' not in block.text
    assert "target" not in block.text
