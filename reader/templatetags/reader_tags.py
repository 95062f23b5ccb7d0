"""Filters and tags the public pages share: JSON-LD output and images that do not shift."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.richtext import mark_sponsored
from images import renditions

register = template.Library()

# Characters that could close the <script> element or start HTML inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def sponsored_links(html, domains):
    """Stored rich text with its links to the site's affiliate domains marked `sponsored`
    (the article view reads the domains once: `disclosure.sponsored_domains`)."""
    return mark_sponsored(html, domains or ())


@register.filter
def jsonld(data):
    """A dict (or list of dicts) as JSON safe inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


@register.simple_tag
def image(picture, alt, css_class="", loading="lazy", sizes="100vw"):
    """A <picture> of a library `Image`: AVIF/WebP copies at a few widths, and a sized <img>
    that does not shift.

    `sizes` says how wide the picture shows (the browser picks the copy from it);
    `loading="eager"` is for the picture at the top of a page and also asks for it first.
    Size and copies are read from the row: once the copies exist, rendering opens no file.
    """
    if not picture or not picture.file:
        return ""
    field = picture.file
    record = picture.record()
    width, height = picture.size()
    formats = record.get("formats", ()) if record.get("widths") else ()
    sources = [
        format_html(
            '<source type="{}" srcset="{}" sizes="{}">',
            renditions.MIME_TYPES[extension],
            renditions.srcset(record, field.storage, extension),
            sizes,
        )
        for extension in formats
    ]
    src = renditions.fallback_url(record, field.storage) or field.url
    size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    priority = mark_safe(' fetchpriority="high"') if loading == "eager" else ""
    img = format_html(
        '<img src="{}" alt="{}"{} class="{}" loading="{}" decoding="async"{}>',
        src,
        alt,
        size,
        css_class,
        loading,
        priority,
    )
    return format_html("<picture>{}{}</picture>", mark_safe("".join(sources)), img)


@register.simple_tag
def avatar(picture, css_class="", size=40):
    """A small decorative face (a byline's): one <img> of the picture's smallest copy.

    At 2.5rem the browser would pick the smallest copy from a srcset anyway; naming it alone
    spares every byline a <picture> of sources. Empty alt: the name is beside it. Not lazy:
    a byline is at the top of the page.
    """
    if not picture or not picture.file:
        return ""
    record = picture.record()
    url = picture.file.url
    if record.get("widths"):
        extension = "webp" if "webp" in record.get("formats", ()) else record["fallback"]
        name = renditions.rendition_name(record, record["widths"][0], extension)
        url = picture.file.storage.url(name)
    return format_html(
        '<img src="{}" alt="" class="{}" width="{}" height="{}">',
        url,
        css_class,
        size,
        size,
    )
