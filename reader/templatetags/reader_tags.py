"""Filters and tags the public pages share: JSON-LD output and images that do not shift."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could close the <script> element or start HTML inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """A dict (or list of dicts) as JSON safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES))


def _dimensions(field):
    """(width, height) of an image, or (None, None) if the file is missing or unreadable."""
    try:
        return field.width, field.height
    except (OSError, ValueError, TypeError):
        return None, None


@register.simple_tag
def image(field, alt, css_class="", loading="lazy"):
    """An <img> with width and height (no layout shift) and lazy loading by default."""
    if not field:
        return ""
    width, height = _dimensions(field)
    if width and height:
        return format_html(
            (
                '<img src="{}" alt="{}" width="{}" height="{}" class="{}" '
                'loading="{}" decoding="async">'
            ),
            field.url,
            alt,
            width,
            height,
            css_class,
            loading,
        )
    return format_html(
        '<img src="{}" alt="{}" class="{}" loading="{}" decoding="async">',
        field.url,
        alt,
        css_class,
        loading,
    )
