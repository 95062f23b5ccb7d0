"""The one gate every uploaded picture passes: what editors may upload and what is stored.

A picture is accepted when it is a JPEG, PNG, WebP or GIF Pillow decodes, at most
MAX_UPLOAD_MB megabytes and MAX_UPLOAD_MEGAPIXELS million pixels. What is stored is not
the bytes sent but the picture decoded and encoded anew, in its own format: anything appended
to the file (HTML, a script, a second file) and every metadata item (colour profile, EXIF with
camera and GPS, XMP, comments, PNG text chunks, GIF extensions) is gone, the EXIF orientation
is applied to the pixels, a colour profile's colours are converted to sRGB (images/colour.py),
and a form upload gets a random name. Pictures stored before this: `manage.py scrub_images`.
"""

import uuid
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from PIL import Image, ImageOps

from . import colour

#: Pillow's format name -> the extension the stored file gets.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {},
}


def max_pixels():
    """The most pixels a picture may have (the MAX_UPLOAD_MEGAPIXELS setting, in pixels)."""
    return settings.MAX_UPLOAD_MEGAPIXELS * 1_000_000


def limit_pillow():
    """Make Pillow itself refuse pictures over the pixel cap, wherever it opens one."""
    Image.MAX_IMAGE_PIXELS = max_pixels()


class CleanPicture(ContentFile):
    """Bytes this module encoded: saving them again does not re-encode them."""


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _check_size(file):
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if file.size is not None and file.size > limit:
        megabytes = file.size / (1024 * 1024)
        _refuse(
            f"This file is {megabytes:.1f} MB; pictures may be at most "
            f"{settings.MAX_UPLOAD_MB} MB. Make it smaller and upload it again.",
            "too_large",
        )


def _read(file):
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _encode(image, image_format):
    # Nothing but pixels is written: `info` holds at most the transparent colour.
    options = dict(_SAVE_OPTIONS[image_format])
    if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    if image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    buffer = BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def reencode(data):
    """(bytes encoded anew, Pillow format name) for an acceptable picture, else ValidationError."""
    limit_pillow()
    try:
        with Image.open(BytesIO(data)) as opened:
            image_format = opened.format
            if image_format not in FORMATS:
                _refuse(
                    "Upload a JPEG, PNG, WebP or GIF picture; this file is not one.",
                    "invalid_type",
                )
            width, height = opened.size
            if width * height > max_pixels():
                _refuse(
                    f"This picture is {width}×{height} pixels "
                    f"({width * height / 1_000_000:.0f} megapixels); pictures may have at most "
                    f"{settings.MAX_UPLOAD_MEGAPIXELS} megapixels. Make it smaller and upload "
                    "it again.",
                    "too_many_pixels",
                )
            icc_profile = opened.info.get("icc_profile")
            # Only the first frame of an animated GIF is kept: pages show a still.
            opened.seek(0)
            upright = ImageOps.exif_transpose(opened)
            upright.load()
            image = colour.to_srgb(upright, icc_profile)
            image.info = {key: value for key, value in image.info.items() if key == "transparency"}
            return _encode(image, image_format), image_format
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        _refuse(
            f"This picture has far more than {settings.MAX_UPLOAD_MEGAPIXELS} megapixels, the "
            "most a picture may have. Make it smaller and upload it again.",
            "too_many_pixels",
        )
    except (OSError, ValueError, SyntaxError):
        _refuse(
            "Upload a JPEG, PNG, WebP or GIF picture; this file is not one or is damaged.",
            "invalid_image",
        )


def clean(file, *, keep_name=False):
    """The picture `file` holds, checked and encoded anew, as a file ready to store.

    Form uploads get a random name (`keep_name=False`): an editor's file name may say more
    than the page should, and two uploads never collide. Code that saves a picture
    itself keeps its chosen name, with the extension of the format it really is.
    """
    if isinstance(file, CleanPicture):
        return file
    _check_size(file)
    data, image_format = reencode(_read(file))
    extension = FORMATS[image_format]
    if keep_name:
        stem = PurePosixPath(file.name or "picture").stem or "picture"
    else:
        stem = uuid.uuid4().hex
    return CleanPicture(data, name=f"{stem}.{extension}")
