"""The whole site's content as one JSON file, and back into an empty database.

Generic over the content apps: every model of `CONTENT_APPS` is exported (so a model an app
adds later is covered without a change here), ordered so that what is pointed at comes
first, with natural keys for content types, permissions and groups, which every database
numbers its own way. Users come without password hashes; sessions, login attempts and
used form stamps stay behind.
"""

import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from productions.moments import Timed

#: Apps whose rows are the site's content, lowest first. Sessions, django-axes, the task
#: queue and content types/permissions (which `migrate` makes) are not among them.
CONTENT_APPS = (
    "auth",
    "taggit",
    "core",
    "images",
    "outbox",
    "productions",
    "people",
    "articles",
    "pages",
    "discussion",
    "members",
    "exchange",
    "reversion",
    "admin",
)
#: Models of those apps left out: rebuilt by `migrate`, secrets of a moment, or the desk's
#: private editorial notes (and whom they mentioned), which never leave the admin.
SKIPPED_MODELS = frozenset(
    {"auth.permission", "discussion.usedstamp", "articles.editorialnote", "articles.notemention"}
)
#: Models exported by their natural key, not their id, in this order: `migrate` makes them in
#: each database, with ids of its own.
NATURAL_PRIMARY = {"auth.group": ("name",)}
FORMAT_VERSION = 1


class SiteImportRefused(Exception):
    """import_site was pointed at a database that already holds content."""


def content_models():
    """Every exported model, in an order where each row's targets are loaded before it."""
    installed = {config.label: config for config in apps.get_app_configs()}
    app_list = []
    for label in CONTENT_APPS:
        config = installed.get(label)
        if config is None:
            continue
        models = [m for m in config.get_models() if m._meta.label_lower not in SKIPPED_MODELS]
        app_list.append((config, models))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _ordered(model):
    return model._base_manager.order_by(*NATURAL_PRIMARY.get(model._meta.label_lower, ("pk",)))


def _rows(model):
    natural_primary = model._meta.label_lower in NATURAL_PRIMARY
    rows = serializers.serialize(
        "python",
        _ordered(model).iterator(),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=natural_primary,
    )
    user_label = get_user_model()._meta.label_lower
    for row in rows:
        if row["model"] == user_label:
            row["fields"]["password"] = ""  # never a hash: imported accounts set a new one
        for name, value in row["fields"].items():
            if isinstance(value, list) and model._meta.get_field(name).many_to_many:
                row["fields"][name] = sorted(value, key=lambda item: json.dumps(item))
    return rows


def site_export_data():
    """The export as a JSON-ready dict: a format version and every content row."""
    # Permissions are written by natural key through the per-process content-type cache: one
    # kept from before this database was (re)made would name other rows' models.
    ContentType.objects.clear_cache()
    objects = []
    for model in content_models():
        objects += _rows(model)
    return {"format": "marquee-site", "version": FORMAT_VERSION, "objects": objects}


def write_export(data, path, media_dir=None):
    """Write the export; copy the uploaded files too when `media_dir` is given."""
    Path(path).write_text(json.dumps(data, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False))
    if media_dir and Path(settings.MEDIA_ROOT).is_dir():
        shutil.copytree(settings.MEDIA_ROOT, media_dir, dirs_exist_ok=True)


def existing_content():
    """{model label: row count} of content already in this database (groups aside)."""
    found = {}
    for model in content_models():
        if model._meta.label_lower in NATURAL_PRIMARY:
            continue
        count = model._base_manager.count()
        if count:
            found[model._meta.label] = count
    return found


def load_export(path, media_dir=None):
    """Every row of the export at `path` into this (empty) database, ids kept; returns a count."""
    data = json.loads(Path(path).read_text())
    if data.get("format") != "marquee-site":
        raise ValueError(f"{path} is not a Marquee site export.")
    found = existing_content()
    if found:
        listed = ", ".join(f"{count} {label}" for label, count in sorted(found.items()))
        raise SiteImportRefused(
            f"This database already holds content ({listed}). import_site only fills an "
            "empty database: create a new one and run `manage.py migrate` first."
        )
    user_model = get_user_model()
    loaded, models, deferred = 0, set(), []
    # Content types are found by natural key through a per-process cache: one kept from
    # before this database was (re)made would give rows another database's numbers.
    ContentType.objects.clear_cache()
    with transaction.atomic(), connection.constraint_checks_disabled():
        objects = serializers.deserialize("python", data["objects"], handle_forward_references=True)
        for wrapped in objects:
            if isinstance(wrapped.object, user_model):
                wrapped.object.set_unusable_password()
            if isinstance(wrapped.object, Timed):
                # Release instants follow the dates, times and zone (an export from before
                # release times has none).
                wrapped.object.set_moments()
            wrapped.save()
            models.add(type(wrapped.object))
            if wrapped.deferred_fields:
                deferred.append(wrapped)
            loaded += 1
        for wrapped in deferred:
            wrapped.save_deferred_fields()
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
        # PostgreSQL's id sequences start after the loaded ids, as loaddata leaves them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
                cursor.execute(sql)
    if media_dir:
        shutil.copytree(media_dir, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return loaded
