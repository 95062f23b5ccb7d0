"""Tags saved before Unicode-safe slugs get one their page can live at (empty or odd slugs)."""

import hashlib
import re

from django.db import migrations
from django.utils.text import slugify

VALID = re.compile(r"[-\w]+")


def _slug(name):
    slug = slugify(name, allow_unicode=True)[:100]
    return slug or "tag-" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:10]


def fix_tag_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk"):
        if tag.slug and VALID.fullmatch(tag.slug):
            continue
        slug = _slug(tag.name)
        if slug in taken:
            slug = f"{slug[:90]}-{tag.pk}"
        taken.add(slug)
        tag.slug = slug
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_picture_sizes_and_renditions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(fix_tag_slugs, migrations.RunPython.noop)]
