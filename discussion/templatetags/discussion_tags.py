"""Filters and tags for the discussion's templates; none of them runs a query.

The article view (reader) assembles the discussion under an article and the two seams,
`discussion/article_discussion.html` and `discussion/block_feedback.html`, only place it.
"""

import functools

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

from ..forms import fill_stamp
from ..text import render_plain_text

register = template.Library()


@register.simple_tag
def discussion_stamp():
    """A fresh signed "form shown at" stamp for a hand-written comment form."""
    return fill_stamp()


@register.filter
def plain_text(value):
    """Reader text, escaped, links made safe, line breaks kept."""
    return render_plain_text(value)


@register.filter
def takes_feedback(block):
    """Whether readers may comment on this passage: its kind says so (articles.blocks)."""
    spec = getattr(block, "spec", None)
    return bool(spec and spec.takes_feedback)


@functools.cache
def _url_around_id(name, prefix, urlconf):
    head, _marker, tail = reverse(f"discussion:{name}", args=[_MARKER]).rpartition(str(_MARKER))
    return head, tail


_MARKER = 987654321


@register.filter
def discussion_url(pk, name):
    """`discussion:<name>` for one article or comment id, reversed once per process: the
    comments on a page need a link each, and reversing every one of them was most of the
    page's cost."""
    head, tail = _url_around_id(name, get_script_prefix(), get_urlconf())
    return f"{head}{pk}{tail}"
