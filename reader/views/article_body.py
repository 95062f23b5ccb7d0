"""The article's body: its blocks rendered once per version of what they show, and kept."""

import hashlib
import re

from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe

from articles.blocks import registry as block_registry
from core.pagecache import versioned
from productions.positions import NO_POSITIONS

#: How long a rendered article body stays cached; a new version gets a new key at once.
BODY_CACHE_SECONDS = 24 * 60 * 60
#: Where a passage's feedback control goes in the cached body (filled in on every request).
_FEEDBACK_SLOT = re.compile(r"<!--feedback ([0-9a-f-]{36})-->")
#: A line break and the indentation after it: the browser shows it as one space anyway.
_INDENT = re.compile(rb"\n\s+")


def collapse_indentation(response):
    """The page without the templates' indentation and blank lines, the same to a reader.

    Left alone when the page has preformatted text, whose spaces do show.
    """
    if b"<pre" not in response.content:
        response.content = _INDENT.sub(b"\n", response.content)
    return response


def _row(instance, skip=()):
    """Every stored value of one row, and whether readers see it now (scheduled articles)."""
    if instance is None:
        return None
    fields = instance._meta.concrete_fields
    values = tuple(getattr(instance, f.attname) for f in fields if f.attname not in skip)
    return (values, getattr(instance, "is_public", None))


def body_version(blocks):
    """A stamp that changes whenever anything the block loop shows changes: every stored
    field of each block, in order (but its feedback count, filled in per request), and of
    the quotes, speakers, sources and linked articles it shows, with their visibility."""
    paths = [path.split("__") for path in block_registry.select_related()]
    parts = []
    for block in blocks:
        parts.append(_row(block, skip={"feedback_count"}))
        for path in paths:
            instance = block
            for name in path:
                instance = getattr(instance, name, None) if instance is not None else None
                parts.append(_row(instance))
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def article_body(article, groups, version=None, watched=NO_POSITIONS):
    """The article's blocks as HTML, rendered once per version of what they show (and per
    watched-up-to position in the series its spoilers fold by) and then served from the
    cache; only the passages' feedback controls (comment counts, whether comments are open)
    are rendered per request."""
    blocks = list(article.blocks.all())
    version = version or body_version(blocks)
    key = f"reader:article-body:{article.pk}:{version}:{watched.key()}"
    body = versioned(
        key,
        lambda: render_to_string(
            "articles/article_body.html",
            {"groups": groups, "feedback_slots": True, "watched": watched},
        ),
        timeout=BODY_CACHE_SECONDS,
    )
    if not _FEEDBACK_SLOT.search(body):
        return mark_safe(body)
    template = get_template("discussion/block_feedback.html")
    by_uid = {str(block.uid): block for block in blocks}
    # Most passages have no comments yet, and all of those get the same control.
    controls = {}

    def control(match):
        block = by_uid[match[1]]
        if block.feedback_count:
            return template.render({"block": block, "article": article})
        if block.kind not in controls:
            controls[block.kind] = template.render({"block": block, "article": article})
        return controls[block.kind]

    # Our own templates rendered it all, escaping what editors and readers wrote.
    return mark_safe(_FEEDBACK_SLOT.sub(control, body))


class LazyBody:
    """The article body, rendered where the page template shows it: the page's own template
    renders first, as for any page, and a template that never shows the body costs nothing."""

    def __init__(self, article, groups, version=None, watched=NO_POSITIONS):
        self.article, self.groups, self.version, self.watched = article, groups, version, watched
        self.html = None

    def __html__(self):
        if self.html is None:
            self.html = article_body(self.article, self.groups, self.version, self.watched)
        return self.html

    __str__ = __html__
