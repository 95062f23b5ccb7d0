"""The registry's parts: what a mapper returns (`Draft`), what a post became (`Mapping`),
the `@mapper` decorator, the helpers every mapper uses, and `map_post`."""

import re
from collections import Counter
from dataclasses import dataclass, field

from articles.models import ArticleBlock
from articles.richtext import sanitize_html

from ..html import SHORTCODE, pieces

MAPPERS = []


def mapper(cls):
    """Register a mapper class; earlier ones are asked first."""
    MAPPERS.append(cls())
    return cls


@dataclass
class Draft:
    """One block to be: its kind and payload fields; a quote or an image the importer finds.

    A quote draft carries `fallback`: the same words as rich text with the cite as a source
    line, for when the importer cannot name the speaker. An image draft's `image` holds
    `src`, `alt`, `caption`, `attachment_id` (the WordPress attachment, or None) and
    `attached` (True: "every picture attached to the post", for the importer to expand).
    """

    kind: str
    fields: dict = field(default_factory=dict)
    quote: dict = field(default_factory=dict)
    image: dict = field(default_factory=dict)
    #: Prose: neighbouring prose drafts join into one block.
    joins: bool = False
    fallback: str = ""


@dataclass
class Mapping:
    """What a post's HTML became, and what the report should say about it.

    `notes` are sentences for the editor (one per loss or change to check); `counts` say how
    many of each construct were met ("tables", "gallery pictures", "scripts removed", …).
    `unknown` (tags no mapper knew) and `shortcodes` (names removed) are also in `notes`.
    """

    drafts: list = field(default_factory=list)
    unknown: list = field(default_factory=list)
    shortcodes: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def note(self, sentence):
        if sentence not in self.notes:
            self.notes.append(sentence)

    def map_nodes(self, nodes):
        """The drafts for `nodes`, each given to the first mapper that knows it."""
        drafts = []
        for node in nodes:
            found = next((m for m in MAPPERS if m.matches(node)), None)
            if found is None:
                self.unknown.append(f"<{node.tag}>")
                self.note(f"<{node.tag}> has no block kind, kept as clean text")
                drafts += rich_text(self.clean(node.outer_html()))
            else:
                drafts += found.drafts(node, self)
        return drafts

    def clean(self, html):
        """`html` as rich text: shortcodes WordPress would have run are removed and said."""
        for code in SHORTCODE.findall(html):
            name = re.sub(r"[\s\]].*", "", code).replace("[/", "[") + "]"
            if name not in self.shortcodes:
                self.shortcodes.append(name)
                self.note(f"shortcode {name} removed")
            if not code.startswith("[/"):
                self.counts["shortcodes removed"] += 1
        return sanitize_html(SHORTCODE.sub("", html))


def picture_draft(*, src="", alt="", caption="", attachment_id=None, attached=False):
    """An image block to be: the importer finds its picture by `attachment_id`, else by `src`;
    `attached` stands for every picture attached to the post (`[gallery]` with no ids)."""
    image = {"src": src, "alt": alt, "caption": caption, "attachment_id": attachment_id}
    return Draft(kind=ArticleBlock.Kind.IMAGE, image=image | {"attached": attached})


def rich_text(text, joins=True):
    return (
        [Draft(kind=ArticleBlock.Kind.RICH_TEXT, fields={"text": text}, joins=joins)]
        if text
        else []
    )


def one_line(text):
    return " ".join((text or "").split())


def shorten(text, limit):
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def wrapped(node):
    """`node`'s children with loose words in paragraphs, as rich text wants them."""
    return "".join(piece.outer_html() for piece in pieces(node.children))


class Mapper:
    """Turns one kind of node into block drafts, noting in `mapping` what an editor should check."""

    def matches(self, node):
        return False

    def drafts(self, node, mapping):
        return []


# --- Removed: what WordPress ran or built, with no words of the post ---------------------


def map_post(nodes):
    """The block drafts for a post's top-level nodes; neighbouring prose joins one block."""
    result = Mapping()
    for draft in result.map_nodes(nodes):
        previous = result.drafts[-1] if result.drafts else None
        if draft.joins and previous is not None and previous.joins:
            previous.fields["text"] += draft.fields["text"]
        else:
            result.drafts.append(draft)
    removed = [(what, n) for what, n in result.counts.items() if what.endswith(" removed")]
    for what, n in sorted(removed):
        if what != "shortcodes removed":
            # "1 scripts removed" reads badly: a count of one says the kind, not the number.
            result.note(f"{n} {what}" if n > 1 else f"{what} (1)")
    result.shortcodes.sort()
    return result
