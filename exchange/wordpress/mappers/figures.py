"""Pictures wherever they sit: the image block one `<img>` becomes, and the helpers the
gallery, picture, prose and wrapper mappers share."""

import re
from html import escape

from .base import one_line, picture_draft, rich_text, shorten

_ATTACHMENT = re.compile(r"\bwp-image-(\d+)\b")


def attachment_id(img, *wrappers):
    for node in (img, *wrappers):
        found = _ATTACHMENT.search(node.attrs.get("class") or "")
        if found:
            return int(found.group(1))
    data_id = (img.attrs.get("data-id") or "").strip()
    return int(data_id) if data_id.isdigit() else None


def picture(img, caption, mapping, *wrappers):
    """An image block for `img`, its caption the words under it; a caption too long for an
    image block is shortened there and kept whole as text below the picture."""
    caption = one_line(caption)
    whole = []
    if len(caption) > 300:
        mapping.note(f"caption “{shorten(caption, 60)}” too long: shortened, and kept as text")
        whole = rich_text(mapping.clean(f"<p>{escape(caption, quote=False)}</p>"))
    image = picture_draft(
        src=(img.attrs.get("src") or "").strip(),
        alt=shorten(img.attrs.get("alt"), 250),
        caption=shorten(caption, 300),
        attachment_id=attachment_id(img, *wrappers),
    )
    return [image, *whole]


def pictures_after(node, mapping, where):
    """Pictures inside prose, a table or a list: image blocks after it, and a note."""
    images = list(node.find_all("img"))
    if images:
        mapping.note(f"{len(images)} picture(s) inside {where} moved below it as image blocks")
        mapping.counts["pictures moved"] += len(images)
    return [draft for img in images for draft in picture(img, "", mapping)]


def figcaption(node):
    """The figure's own caption (not a caption of a figure inside it)."""
    return next((child for child in node.children if child.tag == "figcaption"), None)


def is_single_picture(node):
    """A figure (or link) holding one picture and perhaps its caption, and nothing else."""
    if len(list(node.find_all("img"))) != 1:
        return False
    rest = node.without("img", "figcaption")
    return not one_line(rest.plain_text()) and not any(
        rest.find(tag) is not None for tag in ("iframe", "video", "audio", "table", "x-embed")
    )
