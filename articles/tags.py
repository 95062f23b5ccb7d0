"""Every tag gets a slug its page can live at, whatever the name's script or punctuation.

Tag names come from editors in any language (“Café”, “東京”) or as punctuation (“!!!”).
taggit slugifies with Unicode kept, so “東京” stays “東京”; a name with no letter or digit
slugifies to nothing, and an empty slug made every page linking the tag fail. Such a tag
gets `tag-<hash of its name>` instead. The reader's URL pattern accepts Unicode slugs.
"""

import hashlib
import re

from django.utils.text import slugify

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
