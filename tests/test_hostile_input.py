"""Hostile text typed into every writable field comes out as text in every page, feed and mail.

Each output is PARSED (html.parser, xml.etree, json), never searched for substrings: what
matters is which elements and attributes a browser would build, not how the bytes look.
"""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from django.conf import settings
from django.core import mail

import pytest

from core.text import single_line as site_single_line
from tests.discussion_forms import comment_data, post_url
from tests.factories import (
    ArticleFactory,
    ContributorFactory,
    ContributorLinkFactory,
    CorrectionFactory,
    PersonFactory,
    ProductionFactory,
    QuoteFactory,
)
from tests.feed_reading import Markup, assert_is_our_link, feed_texts
from tests.public_urls import feed_routes

pytestmark = pytest.mark.django_db

MARK = "window.__pwned=1"
PAYLOADS = [
    f"<script>{MARK}</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    f"<scr<script>ipt>{MARK}</script>",
    f'<img src=x onerror="{MARK}">',
    f"<IMG SRC=x OnErRoR={MARK}>",
    f"<svg onload={MARK}>",
    f"<svg><script>{MARK}</script></svg>",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{MARK}">',
    f"<body onload={MARK}>",
    f"<iframe src=javascript:{MARK}>",
    f'<a href="javascript:{MARK}">x</a>',
    f'<a href="JaVaScRiPt:{MARK}">x</a>',
    f'<a href="&#106;avascript:{MARK}">x</a>',
    f'<a href="&#x6A;&#x61;vascript:{MARK}">x</a>',
    f'<a href=" \tjavascript:{MARK}">x</a>',
    f'<a href="java\tscript:{MARK}">x</a>',
    f'<a href="java\0script:{MARK}">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+">x</a>',
    f'<a href="DATA:text/html,<script>{MARK}</script>">x</a>',
    f'"><script>{MARK}</script>',
    f"'><img src=x onerror={MARK}>",
    f'" onmouseover="{MARK}" x="',
    f"' onfocus='{MARK}' autofocus='",
    f'<noscript><p title="</noscript><img src=x onerror={MARK}>">',
    f"</script><script>{MARK}</script>",
    f"</SCRIPT ><script>{MARK}</script>",
    f'{{"a":"</script><script>{MARK}</script>"}}',
    f"<!--<script>{MARK}</script>-->",
    f"<![CDATA[<script>{MARK}</script>]]>",
    f"<style>@import 'javascript:{MARK}';</style>",
    f'<div style="background:url(javascript:{MARK})">x</div>',
    f'<form action="javascript:{MARK}"><button>go</button></form>',
    f'<object data="data:text/html,<script>{MARK}</script>"></object>',
    f'<embed src="javascript:{MARK}">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{MARK}">',
    f'<base href="javascript:{MARK}//">',
    f'<details open ontoggle="{MARK}">',
    f"<template><script>{MARK}</script></template>",
    "Subject: x\r\nBcc: victim@example.com\r\n\r\nbody",
    "line\nbreak\rcarriage",
    "nul\0byte",
    "bidi \u202egnp.exe\u202c override",
    "\u2028\u2029 separators",
    "x" * 5000,
    "<" * 500 + ">" * 500,
    "&" * 300 + "#" * 300,
]
OUR_SCRIPTS = {"application/ld+json", "application/json", None, "module", "text/javascript"}


class Inspector(HTMLParser):
    """Every element and attribute a browser would build, and where a payload could run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.jsonld = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "data", "formaction") and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(("javascript:", "vbscript:")):
                    self.problems.append(f"<{tag} {name}={value[:40]!r}>")
                if scheme.startswith("data:") and not scheme.startswith("data:image/"):
                    self.problems.append(f"<{tag} {name}={value[:40]!r}>")
        if tag in ("iframe", "object", "embed", "base", "math", "template", "noscript"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and dict(attrs).get("http-equiv"):
            self.problems.append("<meta http-equiv>")
        if tag == "script":
            kind = dict(attrs).get("type")
            src = dict(attrs).get("src") or ""
            if kind not in OUR_SCRIPTS or (
                src and not src.startswith(("/static/", "/admin/jsi18n/"))
            ):
                self.problems.append(f"<script type={kind} src={src}>")
            self._in_jsonld = kind == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)
        elif "__pwned" in data and self.lasttag == "script":
            self.problems.append("a script carries the payload")


def inspect_html(html):
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    for block in inspector.jsonld:
        assert "</script" not in block.lower()
        json.loads(block)
    return inspector.problems


def hostile_writer(payload):
    """A contributor whose every field is the payload: their page, feed and cards show it."""
    writer = ContributorFactory(
        name=payload[:120] or "writer",
        slug="hostile-writer",
        job_title=payload[:120],
        beat=payload[:200],
        bio=payload[:1200],
    )
    ContributorLinkFactory(contributor=writer, label=payload[:100] or "link")
    return writer


def hostile_world(payload):
    production = ProductionFactory(title=payload[:200], synopsis=payload, slug="hostile-show")
    person = PersonFactory(name=payload[:200], bio=payload, slug="hostile-person")
    quote = QuoteFactory(speaker=person, text=payload, context=payload[:250])
    article = ArticleFactory(
        published=True,
        slug="hostile",
        title=payload[:200],
        standfirst=payload[:300],
        seo_title=payload[:70],
        seo_description=payload[:160],
        hero_alt=payload[:250],
        hero_credit=payload[:200],
        byline=[hostile_writer(payload)],
    )
    article.productions.add(production)
    article.people.add(person)
    article.tags.add(payload[:90] or "tag")
    return article, person, production, quote


def single_line(text):
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", text)


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_TIMEOUT = 0
    settings.DISCUSSION_MIN_FILL_SECONDS = 0


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_public_pages_and_feeds_show_hostile_text_as_text(client, no_page_cache, payload):
    article, person, production, quote = hostile_world(single_line(payload))

    pages = [
        "/",
        article.get_absolute_url(),
        person.get_absolute_url(),
        production.get_absolute_url(),
        quote.get_absolute_url(),
        f"/tags/{article.tags.get().slug}/",
        "/authors/hostile-writer/",
        "/authors/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inspect_html(response.content.decode()) == [], url
    search = client.get("/search/", {"q": payload.replace("\0", "")})
    assert inspect_html(search.content.decode()) == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_admin_lists_and_forms_show_hostile_text_as_text(client, superuser, payload):
    article, person, production, quote = hostile_world(single_line(payload))
    client.force_login(superuser)

    urls = [
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/people/person/",
        f"/admin/people/person/{person.pk}/change/",
        "/admin/productions/production/",
        "/admin/people/quote/",
        "/admin/taggit/tag/",
        "/admin/articles/contributor/",
        f"/admin/articles/contributor/{article.byline[0].pk}/change/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inspect_html(response.content.decode()) == [], url


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_comments_and_their_mails_carry_hostile_text_as_text(client, no_page_cache, payload):
    article = ArticleFactory(published=True, slug="talk")
    client.post(
        post_url(article),
        comment_data(name=single_line(payload)[:60] or "x", body=payload.replace("\0", "") or "x"),
    )
    client.post(
        f"/discussion/{article.pk}/subscribe/",
        {"email": f"{single_line(payload)[:20]}@example.com", "kind": "all"},
    )

    assert inspect_html(client.get(article.get_absolute_url()).content.decode()) == []
    for message in mail.outbox:
        for name, value in message.message().items():
            assert "\n" not in value.replace("\n ", "").replace("\n\t", ""), name
        assert inspect_html(message.body) == []
        for alternative, _kind in getattr(message, "alternatives", []):
            assert inspect_html(alternative) == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_every_feed_element_shows_hostile_text_as_text(client, no_page_cache, payload):
    """Every feed in the URLconf (site, tag, production, corrections; RSS and Atom), every
    element and attribute: HTML-typed elements build no markup, and every text is the stored
    text."""
    article, _person, production, _quote = hostile_world(single_line(payload))
    # Forms refuse a NUL character (PostgreSQL cannot store one): everything else stays.
    correction = CorrectionFactory(article=article, note=payload.replace("\0", ""))
    tag = article.tags.get()
    article.refresh_from_db()
    production.refresh_from_db()
    names = {tag.name, str(production), article.byline[0].name}

    for route in feed_routes():
        answered = 0
        for path in route.paths({"slug": [tag.slug, production.slug, "hostile-writer"]}):
            response = client.get(path)
            if response.status_code == 404:
                continue
            answered += 1
            texts = feed_texts(ET.fromstring(response.content))
            if route.name.startswith("articles:corrections_feed"):
                assert texts["title"][1:] == [f"Correction: {article.title}"], path
                note = site_single_line(correction.note)
                assert (texts.get("description") or texts["summary"])[-1] == note
                continue
            assert texts["title"][1:] == [article.title], path
            assert (texts.get("description") or texts["summary"])[-1] == article.standfirst
            channel_title = texts["title"][0]
            about = (texts.get("description") or texts.get("subtitle") or [""])[0]
            if route.parameters:
                [name] = [name for name in names if channel_title.endswith(f": {name}")]
                assert name in about, path
            else:
                assert channel_title == f"{settings.SITE_NAME}: latest explainers"
        assert answered, f"{route.route}: no hostile object has this feed"


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_the_sitemap_and_oembed_carry_hostile_text_as_text(client, no_page_cache, payload):
    article, _person, _production, quote = hostile_world(single_line(payload))
    sitemap = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

    root = ET.fromstring(client.get("/sitemap.xml").content)
    for element in root.iter():
        assert element.tag.startswith(sitemap) and not element.attrib, element.tag
        assert len(element) == 0 or not (element.text or "").strip()
    for loc in root.iter(f"{sitemap}loc"):
        assert_is_our_link(loc.text)

    news = ET.fromstring(client.get("/news-sitemap.xml").content)
    titles = [
        title.text for title in news.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")
    ]
    assert titles == [article.title]
    for element in news.iter():
        assert not element.attrib, element.tag
        assert len(element) == 0 or not (element.text or "").strip()
    for loc in news.iter(f"{sitemap}loc"):
        assert_is_our_link(loc.text)

    for target in (article, quote):
        url = f"http://testserver{target.get_absolute_url()}"
        answer = client.get("/oembed/", {"url": url}).json()
        assert inspect_html(answer["html"]) == []
        card = Markup(answer["html"])
        assert not [tag for tag in card.built if tag.strip("</>") not in CARD_ELEMENTS]
        shown = "".join(card.text)
        assert (article.title if target is article else quote.text) in shown
    assert answer["author_name"] == quote.speaker.name


#: What an oEmbed card is made of: nothing a payload could add.
CARD_ELEMENTS = {"blockquote", "p", "a", "cite", "br"}
