"""How each WordPress construct becomes article blocks: a registry of mapper classes.

One class per construct (a quote with a cite, a heading, an image, prose). The first
mapper in the registry that `matches` a top-level node turns it into drafts; a node no
mapper knows becomes sanitised rich text and is named in the import report. Adding a
construct is one class with `@mapper`.
"""

import re
from dataclasses import dataclass, field

from articles.models import ArticleBlock
from articles.richtext import sanitize_html

from .html import SHORTCODE

MAPPERS = []


def mapper(cls):
    """Register a mapper class; earlier ones are asked first."""
    MAPPERS.append(cls())
    return cls


@dataclass
class Draft:
    """One block to be: its kind and payload fields; a quote or an image the importer finds."""

    kind: str
    fields: dict = field(default_factory=dict)
    quote: dict = field(default_factory=dict)
    image: dict = field(default_factory=dict)
    #: Prose: neighbouring prose drafts join into one block.
    joins: bool = False


def _prose(text):
    return [Draft(kind=ArticleBlock.Kind.RICH_TEXT, fields={"text": text}, joins=True)]


@dataclass
class Mapping:
    """What a post's HTML became, and what the report should say about it."""

    drafts: list = field(default_factory=list)
    unknown: list = field(default_factory=list)
    shortcodes: list = field(default_factory=list)


def _one_line(text):
    return " ".join((text or "").split())


class Mapper:
    """Turns one kind of top-level node into block drafts."""

    def matches(self, node):
        return False

    def drafts(self, node):
        return []


@mapper
class QuoteMapper(Mapper):
    """`<!-- wp:pullquote -->` figures and `<blockquote>` with a `<cite>`: a quote block."""

    def _blockquote(self, node):
        if node.tag == "blockquote":
            return node
        if node.tag == "figure" and node.classes & {"wp-block-pullquote", "wp-block-quote"}:
            return node.find("blockquote")
        return None

    def matches(self, node):
        quote = self._blockquote(node)
        return quote is not None and quote.find("cite") is not None

    def drafts(self, node):
        quote = self._blockquote(node)
        cite = quote.find("cite")
        link = cite.find("a")
        words = _one_line(quote.without("cite").plain_text()).strip(' “”"')
        cite_text = _one_line(cite.plain_text()).lstrip("—–- ").strip()
        speaker, _, outlet = cite_text.partition(",")
        if not words or not speaker.strip():
            return []
        return [
            Draft(
                kind=ArticleBlock.Kind.QUOTE,
                quote={
                    "text": words,
                    "speaker": speaker.strip(),
                    "outlet": outlet.strip(),
                    "url": (link.attrs.get("href") or "") if link is not None else "",
                    "link_text": _one_line(link.plain_text()) if link is not None else "",
                },
            )
        ]


@mapper
class HeadingMapper(Mapper):
    """h2 to h4 (and a stray h1, h5, h6): a heading block readers reach from the contents."""

    def matches(self, node):
        return node.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}

    def drafts(self, node):
        heading = _one_line(node.plain_text())[:200]
        return (
            [Draft(kind=ArticleBlock.Kind.HEADING, fields={"heading": heading})] if heading else []
        )


@mapper
class ImageMapper(Mapper):
    """An `<img>`, alone, in a link, in a paragraph or in a `<figure>` with its caption."""

    def matches(self, node):
        if node.tag == "img":
            return True
        if node.tag not in {"figure", "p"} or node.find("img") is None:
            return False
        # A paragraph holding an image and words stays prose (the image is lost, and reported).
        return node.tag == "figure" or not _one_line(node.without("img").plain_text())

    def drafts(self, node):
        image = node if node.tag == "img" else node.find("img")
        caption = node.find("figcaption") if node.tag == "figure" else None
        return [
            Draft(
                kind=ArticleBlock.Kind.IMAGE,
                image={
                    "src": image.attrs.get("src") or "",
                    "alt": _one_line(image.attrs.get("alt"))[:250],
                    "caption": _one_line(caption.plain_text())[:300] if caption else "",
                },
            )
        ]


@mapper
class ProseMapper(Mapper):
    """Paragraphs and lists: rich text through the same sanitiser as the editor's."""

    def matches(self, node):
        # A blockquote without a cite is quoted prose: the rich text keeps it as a blockquote.
        return node.tag in {"p", "ul", "ol", "blockquote", "#text"}

    def drafts(self, node):
        text = sanitize_html(SHORTCODE.sub("", node.outer_html()))
        return _prose(text) if text else []


def _unknown(node):
    """What no mapper knows: kept as sanitised rich text when some words survive."""
    text = sanitize_html(SHORTCODE.sub("", node.outer_html()))
    return _prose(text) if text else []


def map_post(nodes):
    """The block drafts for a post's top-level nodes; neighbouring prose joins one block."""
    result = Mapping()
    for node in nodes:
        result.shortcodes += SHORTCODE.findall(node.outer_html())
        found = next((m for m in MAPPERS if m.matches(node)), None)
        if found is None:
            result.unknown.append(f"<{node.tag}>")
            drafts = _unknown(node)
        else:
            drafts = found.drafts(node)
        for draft in drafts:
            previous = result.drafts[-1] if result.drafts else None
            if draft.joins and previous is not None and previous.joins:
                previous.fields["text"] += draft.fields["text"]
            else:
                result.drafts.append(draft)
    result.shortcodes = sorted({re.sub(r"[\s\]].*", "", code) + "]" for code in result.shortcodes})
    return result
