"""Pixels in sRGB and nothing else: what every picture served from our origin is made of.

An uploaded picture may embed a colour profile (Adobe RGB, Display P3, a camera's own):
kilobytes of the uploader's choosing that would ride along, byte for byte, in the original and
every copy served from our origin. Instead its pixels are converted from that profile to sRGB,
the colour space browsers assume for a picture without one, so it looks as it did (within
sRGB's gamut) and carries no profile. `metadata()` names what a stored file still carries.
"""

from io import BytesIO

from PIL import Image, ImageCms

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_GRAY_MODES = ("L", "LA")

#: What Pillow reports of a file that is not its pixels: profile, EXIF, XMP, comments, IPTC,
#: PNG text chunks (`info` holds each tEXt/iTXt/zTXt under its keyword) and GIF extensions.
_HARMLESS_INFO = {
    "dpi",
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "progressive",
    "progression",
    "transparency",
    "background",
    "duration",
    "loop",
    "version",
    "aspect",
    "interlace",
    "adobe",
    "adobe_transform",
    "srgb",
    "gamma",
    "chromaticity",
}

_ENCODER_SEGMENTS = {("APP0", b"JFIF\0"), ("APP14", b"Adobe")}


def has_alpha(image):
    """Whether the picture has see-through pixels (an alpha channel or a transparent colour)."""
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _source_profile(icc_profile):
    try:
        return ImageCms.ImageCmsProfile(BytesIO(icc_profile))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def to_srgb(image, icc_profile):
    """`image` with its pixels converted from `icc_profile` to sRGB (no profile attached).

    A profile that cannot be read, or that describes other pixels than these (a CMYK profile
    on an RGB picture), is ignored, as browsers ignore it: the pixels are already what
    readers saw.
    """
    source = _source_profile(icc_profile) if icc_profile else None
    if source is None:
        return image
    space = source.profile.xcolor_space.strip()
    alpha = None
    if space == "RGB":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if has_alpha(image) else "RGB")
        output_mode = image.mode
    elif space == "CMYK" and image.mode == "CMYK":
        output_mode = "RGB"
    elif space == "GRAY" and image.mode in _GRAY_MODES:
        if image.mode == "LA":
            alpha = image.getchannel("A")
            image = image.getchannel("L")
        output_mode = "RGB"
    else:
        return image
    try:
        converted = ImageCms.profileToProfile(image, source, SRGB, outputMode=output_mode)
    except ImageCms.PyCMSError:
        return image
    if space == "GRAY":
        # Grey stays grey: R, G and B are equal after the transform.
        converted = converted.convert("L")
        if alpha is not None:
            converted.putalpha(alpha)
    return converted


def metadata(data):
    """The names of what the picture file `data` carries besides pixels (empty when clean)."""
    with Image.open(BytesIO(data)) as opened:
        found = {name for name in opened.info if name not in _HARMLESS_INFO}
        if opened.getexif():
            found.add("exif")
        # A JPEG's APPn segments besides the JFIF and Adobe ones its encoder writes.
        for marker, content in getattr(opened, "applist", []):
            if (marker, content[:5]) not in _ENCODER_SEGMENTS:
                found.add(marker)
    return sorted(found)
