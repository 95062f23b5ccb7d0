"""Create the editorial roles as groups with exact permissions, on every install."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("add", "change", "delete", "view")

EDITOR = {
    "articles": {
        "article": (*CRUD, "publish"),
        "articleblock": CRUD,
        "correction": CRUD,
        "slugredirect": CRUD,
    },
    "people": {model: CRUD for model in ("person", "personlink", "credit", "source", "quote")},
    "productions": {"production": CRUD, "availability": CRUD},
    "taggit": {"tag": CRUD, "taggeditem": CRUD},
    # To pick the byline from the staff list.
    "auth": {"user": ("view",)},
}
# Writers draft their own pieces (object-level rules in articles.workflow narrow
# "change" and "delete" to their own drafts) and may create the quotes and
# sources they cite without leaving the article.
WRITER = {
    "articles": {"article": CRUD, "articleblock": CRUD},
    "people": {
        "quote": ("add", "change", "view"),
        "source": ("add", "view"),
        "person": ("view",),
        "credit": ("view",),
    },
    "productions": {"production": ("view",), "availability": ("view",)},
    "taggit": {"tag": ("view",)},
}
# Moderators look at articles for context but never edit them; the discussion
# app grants their comment, vote, rating and subscription permissions.
MODERATOR = {
    "articles": {"article": ("view",), "articleblock": ("view",), "correction": ("view",)},
}


def _codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def _permissions(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    wanted = set(_codenames(spec))
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={codename for _, codename in wanted},
        )
    }
    missing = wanted - set(found)
    if missing:
        raise RuntimeError(f"Permissions missing for the editorial roles: {sorted(missing)}")
    return [found[key] for key in sorted(wanted)]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now.
    for app_label in ("auth", "articles", "people", "productions", "taggit"):
        app_config = apps.get_app_config(app_label)
        if getattr(app_config, "models_module", None) is None:  # a migration stub
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    for name, spec in (("Editor", EDITOR), ("Writer", WRITER)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(apps, spec))

    # The discussion app may have created Moderator first: add, never replace.
    moderator, _ = Group.objects.get_or_create(name="Moderator")
    moderator.permissions.remove(
        *moderator.permissions.filter(content_type__app_label="articles").exclude(
            codename__startswith="view_"
        )
    )
    moderator.permissions.add(*_permissions(apps, MODERATOR))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Writer"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0001_initial"),
        ("productions", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
