"""Smaller copies of an uploaded picture (WebP, and AVIF when Pillow has it), made once.

Copies are pixels only: sRGB (colour.py), no metadata. A picture's copies sit beside it,
named from its own name, a short hash of its bytes and the width
(`articles/hero.png` -> `articles/hero.1a2b3c4d5e.800w.webp`), and the row keeps a small
record of what was made, so a page lists them without touching the disk again. The hash
in the name means a replaced picture never reuses a URL a browser may have cached.
"""

import hashlib
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile

from PIL import Image, ImageOps, features

from . import colour

#: The widths readers' screens choose from; a copy is never wider than its original.
WIDTHS = (480, 800, 1200)
#: Modern formats, best first: every width is made in each.
FORMATS = ("avif", "webp") if features.check("avif") else ("webp",)
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "png": "image/png", "jpg": "image/jpeg"}
ORIENTATION = 0x0112
_SAVE_OPTIONS = {
    "avif": {"format": "AVIF", "quality": 60, "speed": 8},
    "webp": {"format": "WEBP", "quality": 80, "method": 4},
    "png": {"format": "PNG", "optimize": True},
    "jpg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
}


def widths_for(original_width):
    """The copies' widths for an original this wide: the steps below it, then its own or 1200."""
    smaller = [width for width in WIDTHS if width < original_width]
    if original_width <= WIDTHS[-1]:
        smaller.append(original_width)
    return smaller


def _fallback_format(image, original_format):
    """The format of the copy old browsers and link previews get: the original's if common."""
    if original_format == "JPEG":
        return "jpg"
    if original_format == "PNG" or image.mode in ("RGBA", "LA", "PA"):
        return "png"
    return "jpg"


def _encode(image, extension):
    # `image.info` is empty: a copy carries pixels and no metadata (no profile, EXIF, XMP).
    buffer = BytesIO()
    image.save(buffer, **_SAVE_OPTIONS[extension])
    return buffer.getvalue()


def _prepared(data):
    """The picture upright (EXIF orientation applied), in sRGB, in a mode every format takes,
    with no metadata."""
    with Image.open(BytesIO(data)) as opened:
        original_format = opened.format
        upright = ImageOps.exif_transpose(opened)
        image = colour.to_srgb(upright, opened.info.get("icc_profile"))
        image = image.convert("RGBA" if colour.has_alpha(image) else "RGB")
    image.info = {}
    return image, original_format


def make(field_file):
    """Write the copies of `field_file`; (record, width, height), or a bare record if it is lost."""
    name = field_file.name
    storage = field_file.storage
    try:
        with storage.open(name, "rb") as stored:
            data = stored.read()
        image, original_format = _prepared(data)
    except (OSError, ValueError, Image.DecompressionBombError):
        # A lost or unreadable file is recorded too, so pages do not try again on every view.
        return {"source": name}, None, None
    key = hashlib.sha256(data).hexdigest()[:10]
    width, height = image.size
    widths = widths_for(width)
    fallback = _fallback_format(image, original_format)
    record = {
        "source": name,
        "key": key,
        "widths": widths,
        "formats": list(FORMATS),
        "fallback": fallback,
    }
    for step in widths:
        resized = image if step == width else image.resize((step, round(height * step / width)))
        extensions = [*FORMATS, fallback] if step == widths[-1] else FORMATS
        for extension in extensions:
            path = rendition_name(record, step, extension)
            # Names carry the content hash, so an existing copy already holds these bytes.
            if not storage.exists(path):
                storage.save(path, ContentFile(_encode(resized, extension)))
    return record, width, height


def measure(field_file):
    """(width, height) of a stored picture as readers see it (upright), or None if it is lost."""
    try:
        with field_file.storage.open(field_file.name, "rb") as stored, Image.open(stored) as image:
            width, height = image.size
            # Orientations 5 to 8 turn the picture a quarter: readers see it the other way round.
            if image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8):
                width, height = height, width
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return width, height


def rendition_name(record, width, extension):
    """The storage name of one copy, from the record alone."""
    stem = PurePosixPath(record["source"]).with_suffix("")
    return f"{stem}.{record['key']}.{width}w.{extension}"


def is_current(record, field_file):
    """Whether the record describes the file the field holds now."""
    return bool(record) and record.get("source") == field_file.name


def srcset(record, storage, extension):
    """`url 480w, url 800w…` for one format."""
    return ", ".join(
        f"{storage.url(rendition_name(record, width, extension))} {width}w"
        for width in record["widths"]
    )


def fallback_url(record, storage):
    """The largest copy in the original's format (at most 1200 wide), or None if none was made."""
    if not record.get("widths"):
        return None
    return storage.url(rendition_name(record, record["widths"][-1], record["fallback"]))


def crop_box(size, target, focal):
    """The largest box of the target's shape in a picture of `size`, centred on the focal
    point (percentages) as far as the edges allow: (left, top, right, bottom)."""
    width, height = size
    ratio = target[0] / target[1]
    if width / height > ratio:
        box_width, box_height = round(height * ratio), height
    else:
        box_width, box_height = width, round(width / ratio)
    left = round(width * focal[0] / 100 - box_width / 2)
    top = round(height * focal[1] / 100 - box_height / 2)
    left = min(max(left, 0), width - box_width)
    top = min(max(top, 0), height - box_height)
    return left, top, left + box_width, top + box_height


def crop_name(record, target, focal):
    """The storage name of a crop to `target` (w, h) around `focal`, from the record alone."""
    stem = PurePosixPath(record["source"]).with_suffix("")
    return (
        f"{stem}.{record['key']}.{target[0]}x{target[1]}"
        f".f{focal[0]}-{focal[1]}.{record['fallback']}"
    )


def make_crop(field_file, record, target, focal):
    """Write the crop of the picture to the shape of `target` around `focal` (never enlarged).

    Returns its storage name, or None when the picture is lost.
    """
    name = crop_name(record, target, focal)
    storage = field_file.storage
    if storage.exists(name):
        return name
    try:
        with storage.open(field_file.name, "rb") as stored:
            image, _ = _prepared(stored.read())
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    cropped = image.crop(crop_box(image.size, target, focal))
    if cropped.width > target[0]:
        cropped = cropped.resize(target)
    storage.save(name, ContentFile(_encode(cropped, record["fallback"])))
    return name
