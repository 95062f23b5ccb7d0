"""Demo pictures drawn with Pillow: posters, portrait cards and title cards, no downloads.

Deterministic: the same text, size and seed give the same PNG bytes, so a
lost file is redrawn identically.
"""

import io
import textwrap
import zlib
from dataclasses import dataclass

PALETTE = [
    (32, 45, 84),
    (122, 28, 46),
    (20, 88, 84),
    (94, 60, 20),
    (60, 36, 96),
    (28, 70, 40),
]


def placeholder_png(text, *, size, caption="", seed=""):
    """A deterministic PNG: `text` centred on a colour picked from `seed`, `caption` below."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = size
    background = PALETTE[zlib.crc32((seed or text).encode()) % len(PALETTE)]
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    # A thin frame, so posters read as posters.
    inset = max(8, width // 40)
    draw.rectangle(
        [inset, inset, width - inset - 1, height - inset - 1], outline=(236, 230, 216), width=3
    )
    title_size = max(24, min(width // 9, height // 6)) if len(text) > 3 else height // 3
    font = ImageFont.load_default(size=title_size)
    lines = textwrap.wrap(text, width=max(6, int(width / (title_size * 0.55)))) or [text]
    block = "\n".join(lines)
    left, top, right, bottom = draw.multiline_textbbox((0, 0), block, font=font, align="center")
    x = (width - (right - left)) / 2 - left
    y = (height - (bottom - top)) / 2 - top
    draw.multiline_text((x, y), block, font=font, fill=(250, 246, 236), align="center")
    if caption:
        small = ImageFont.load_default(size=max(14, min(title_size // 3, width // 22)))
        left, top, right, bottom = draw.textbbox((0, 0), caption, font=small)
        draw.text(
            ((width - (right - left)) / 2 - left, height - inset * 3 - (bottom - top)),
            caption,
            font=small,
            fill=(236, 230, 216),
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class Picture:
    """A generated picture for one image field: where it lives and what it shows."""

    path: str
    text: str
    alt: str
    size: tuple
    caption: str = ""


def initials(name):
    """ "Harlan Coben" -> "HC", for a portrait card."""
    return "".join(part[0] for part in name.split() if part[:1].isalpha())[:3].upper()
