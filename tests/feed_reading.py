"""Reading a feed as a feed reader does (tests only): which elements are text, which are
HTML, and what each shows once read."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Every element our feeds write. One not listed fails the test until someone says here
#: whether feed readers take it as text or as HTML.
FEED_ELEMENTS = {
    "rss": "container",
    "channel": "container",
    "item": "container",
    "title": "text",
    "link": "url",
    "description": "html",
    f"{ATOM}link": "empty",
    "language": "text",
    "lastBuildDate": "text",
    "pubDate": "text",
    "guid": "url",
    "category": "text",
    f"{DC}creator": "text",
    f"{ATOM}feed": "container",
    f"{ATOM}entry": "container",
    f"{ATOM}author": "container",
    f"{ATOM}title": "text",
    f"{ATOM}subtitle": "text",
    f"{ATOM}summary": "text",
    f"{ATOM}name": "text",
    f"{ATOM}id": "text",
    f"{ATOM}updated": "text",
    f"{ATOM}published": "text",
    f"{ATOM}category": "empty",
}


class Markup(HTMLParser):
    """Whatever an HTML parser builds from a string besides text: elements, comments,
    declarations, processing instructions."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.built, self.text = [], []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.built.append(f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.built.append(f"<{tag}/>")

    def handle_endtag(self, tag):
        self.built.append(f"</{tag}>")

    def handle_comment(self, data):
        self.built.append("<!--")

    def handle_decl(self, decl):
        self.built.append("<!")

    def handle_pi(self, data):
        self.built.append("<?")

    def unknown_decl(self, data):
        self.built.append("<![")

    def handle_data(self, data):
        self.text.append(data)


def element_kind(element):
    """How a feed reader reads the element: Atom says so in `type`, RSS's description is HTML."""
    kind = FEED_ELEMENTS.get(element.tag)
    assert kind is not None, f"a feed writes <{element.tag}>: say whether it is text or HTML"
    declared = element.get("type")
    if element.tag.startswith(ATOM) and kind == "text":
        assert declared in (None, "text", "html"), f"<{element.tag} type={declared}>"
        return "html" if declared == "html" else "text"
    return kind


def reader_text(element):
    """The text a feed reader shows for a leaf element, checking it builds no markup."""
    kind = element_kind(element)
    if kind == "container":
        return None
    assert len(element) == 0, f"<{element.tag}> holds elements"
    text = element.text or ""
    if kind == "html":
        markup = Markup(text)
        assert markup.built == [], f"<{element.tag}> builds {markup.built[:3]}"
        return html.unescape(text)
    if kind in ("url", "empty"):
        assert kind == "url" or text == ""
        if text:
            assert_is_our_link(text)
    return text


def assert_is_our_link(value):
    parts = urlsplit(value)
    # Feeds link at the request's host; sitemaps at SITE_URL's (reader/sitemaps.py).
    ours = {"testserver", urlsplit(settings.SITE_URL).netloc}
    assert parts.scheme in ("http", "https") and parts.netloc in ours, value
    assert not re.search(r"[\s<>\"']", value), value


def feed_texts(root):
    """{element name: [text a feed reader shows]} for every element, every attribute checked."""
    texts = {}
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == "href":
                assert_is_our_link(value)
            elif name not in ("version", "type", "rel", "term", "isPermaLink", XML_LANG):
                raise AssertionError(f"<{element.tag} {name}>: say what this attribute holds")
            assert "<" not in value, (element.tag, name)
        shown = reader_text(element)
        if shown is not None:
            texts.setdefault(element.tag.removeprefix(ATOM), []).append(shown)
    return texts
