"""Every tag gets a slug its page can live at, whatever the name's script or punctuation,
and a typed name finds the tag it means.

Tag names come from editors in any language (“Café”, “東京”) or as punctuation (“!!!”).
taggit slugifies with Unicode kept, so “東京” stays “東京”; a name with no letter or digit
slugifies to nothing, and an empty slug made every page linking the tag fail. Such a tag
gets `tag-<hash of its name>` instead. The reader's URL pattern accepts Unicode slugs.

A tag has a display name ("Harlan Coben") and a slug (`harlan-coben`). A typed name is the
tag whose name matches it without regard to case, or else whose slug is the name's slug: so
"Harlan Coben" reuses a tag named `harlan-coben` instead of making a second one beside it.
`ExistingTagsManager` applies that wherever an article's tags are set from names (the admin
form, imports, the demo, code), not only in the tags field's suggestions.
"""

import hashlib
import re

from django.db.models import Case, Q, Value, When
from django.utils.text import slugify

from taggit.managers import _TaggableManager

from core.text import single_line

#: What a tag's URL accepts: Unicode letters and digits, "_" and "-" (reader/urls.py).
TAG_SLUG_PATTERN = r"[-\w]+"
_VALID_SLUG = re.compile(TAG_SLUG_PATTERN)


def tag_slug(name):
    """The slug readers see in a tag's address: the Unicode slug, or `tag-…` if there is none."""
    slug = slugify(name, allow_unicode=True)[:100]
    if slug:
        return slug
    return "tag-" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:10]


def is_valid_tag_slug(slug):
    return bool(slug) and _VALID_SLUG.fullmatch(slug) is not None


def fill_tag_slug(sender, instance, **kwargs):
    """Before a tag is saved: its name is one clean line and its slug can be linked to."""
    instance.name = single_line(instance.name)
    if not is_valid_tag_slug(instance.slug):
        instance.slug = tag_slug(instance.name)


def existing_tag(name):
    """The tag a typed name means: same name in any case, else the same slug; or None."""
    from taggit.models import Tag

    name = single_line(name)
    if not name:
        return None
    return (
        Tag.objects.filter(Q(name__iexact=name) | Q(slug__iexact=tag_slug(name)))
        .order_by(Case(When(name__iexact=name, then=Value(0)), default=Value(1)), "pk")
        .first()
    )


class ExistingTagsManager(_TaggableManager):
    """`article.tags.add("Harlan Coben")` / `.set([...])`: each name reuses its existing tag."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        resolved = [(existing_tag(tag) or tag) if isinstance(tag, str) else tag for tag in tags]
        return super()._to_tag_model_instances(resolved, tag_kwargs)


def merged_tag_ids(slug):
    """The tag that a merged tag's former slug leads to, as a subquery of ids (one or none).

    A tag made since with that slug wins: its address is its own again.
    """
    from taggit.models import Tag

    from .models import TagRedirect

    live = Tag.objects.filter(slug=slug).values("slug")
    return TagRedirect.objects.filter(old_slug=slug).exclude(old_slug__in=live).values("tag")
