"""Galleries: one image block per picture, in order."""

import re

from .base import Mapper, mapper, picture_draft, rich_text, wrapped
from .figures import figcaption, picture


@mapper
class GalleryMapper(Mapper):
    """A gallery (block, classic markup, Jetpack tiles, [gallery]): one image block per picture,
    in order, each with its own caption."""

    ITEM_CLASSES = ("blocks-gallery-item", "gallery-item", "tiled-gallery-item")

    def matches(self, node):
        return node.tag == "x-gallery" or bool(
            node.classes & {"wp-block-gallery", "gallery", "tiled-gallery"}
        )

    def drafts(self, node, mapping):
        if node.tag == "x-gallery":
            return self._shortcode(node, mapping)
        items = self._items(node)
        drafts = [
            draft
            for img, caption, wrappers in items
            for draft in picture(img, caption, mapping, *wrappers)
        ]
        mapping.counts["gallery pictures"] += len(items)
        mapping.note(f"gallery of {len(items)} pictures → {len(items)} image blocks")
        caption = figcaption(node)
        return drafts + (rich_text(mapping.clean(wrapped(caption))) if caption is not None else [])

    def _items(self, node):
        """(img, caption, wrappers) for each picture of the gallery."""
        items = [item for name in self.ITEM_CLASSES for item in node.find_class(name)]
        if not items:
            # The block editor's newer galleries: a figure.wp-block-image per picture.
            items = [f for f in node.find_all("figure") if f.find("img") is not None]
        if not items:
            return [(img, "", ()) for img in node.find_all("img")]
        found = []
        for item in items:
            img = item.find("img")
            if img is None:
                continue
            caption = (
                item.find("figcaption")
                or next((c for c in item.find_class("gallery-caption")), None)
                or next((c for c in item.find_class("tiled-gallery-caption")), None)
            )
            if caption is None:
                caption = item.find("dd")
            found.append((img, caption.plain_text() if caption is not None else "", (item,)))
        return found

    def _shortcode(self, node, mapping):
        ids = [int(i) for i in re.findall(r"\d+", node.attrs.get("ids") or "")]
        if not ids:
            mapping.counts["galleries of attached pictures"] += 1
            mapping.note("[gallery] shows every picture attached to the post: one image block each")
            return [picture_draft(attached=True)]
        mapping.counts["gallery pictures"] += len(ids)
        mapping.note(f"gallery of {len(ids)} pictures → {len(ids)} image blocks")
        return [picture_draft(attachment_id=attachment) for attachment in ids]
