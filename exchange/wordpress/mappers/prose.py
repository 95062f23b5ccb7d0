"""Prose, and the wrappers whose contents are mapped in their place (columns, covers, groups)."""

import re

from ..html import Node, pieces
from .base import Mapper, mapper, rich_text, shorten, wrapped
from .figures import figcaption, picture, pictures_after


@mapper
class ProseMapper(Mapper):
    """Paragraphs, lists and quotes without a cite: rich text through the editor's sanitiser.

    A paragraph holding pictures, players or blocks is split around them, so nothing in it is
    lost; a picture inside a list or a quote is moved below it.
    """

    def matches(self, node):
        return node.tag in {"p", "ul", "ol", "dl", "blockquote", "#text", "address"}

    def drafts(self, node, mapping):
        if node.tag == "p":
            parts = pieces(node.children)
            if [part.tag for part in parts] != ["p"]:
                return mapping.map_nodes(parts)
            node = Node("p", children=parts[0].children) if parts else node
        pictures = pictures_after(node, mapping, f"a <{node.tag}>") if node.tag != "p" else []
        return rich_text(mapping.clean(node.without("img").outer_html())) + pictures


#: Wrappers with nothing of their own to show: their children are mapped in their place.
_CONTAINERS = frozenset(
    {"div", "section", "figure", "article", "aside", "header", "footer", "main", "nav"}
    | {"center", "a", "span", "li", "figcaption"}
)


@mapper
class ContainerMapper(Mapper):
    """Columns, groups, covers, media & text and other wrappers: their contents, in order.

    A cover's background picture comes first, as a picture; a caption left with no picture
    keeps its words as text, and the note says the picture is missing.
    """

    def matches(self, node):
        return node.tag in _CONTAINERS

    def drafts(self, node, mapping):
        drafts = []
        background = re.search(
            r"background-image:\s*url\(\s*['\"]?([^'\")]+)", node.attrs.get("style") or ""
        )
        if background:
            mapping.counts["cover pictures"] += 1
            cover = Node("img", {"src": background.group(1)})
            drafts += picture(cover, "", mapping, node)
        caption = figcaption(node) if node.tag == "figure" else None
        children = [child for child in node.children if child is not caption]
        if node.tag == "figcaption":
            children = pieces(children)
        drafts += mapping.map_nodes(pieces(children))
        if caption is not None:
            if not any(d.image for d in drafts):
                mapping.note(f"caption “{shorten(caption.plain_text(), 80)}” has no picture")
            drafts += rich_text(mapping.clean(wrapped(caption)))
        return drafts
