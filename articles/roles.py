"""The editorial roles (Writer, Editor, Moderator) as groups: made by a data migration."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

ROLE_NAMES = ("Writer", "Editor", "Moderator")
#: The migrations that define each role's exact permissions, in order: the one source of truth.
ROLES_MIGRATION = "articles.migrations.0004_editorial_roles"
ROLE_CHANGES = [
    ("articles.migrations.0010_review_reminders_and_writer_people", "let_writers_add_people"),
    (
        "articles.migrations.0011_articles_cover_episodes_spoilers_by_episode",
        "grant_episode_permissions",
    ),
    ("articles.migrations.0012_image_library", "grant_image_permissions"),
    ("articles.migrations.0019_catalogue_requests", "grant_request_permissions"),
    ("articles.migrations.0021_sponsors_and_disclosure", "grant_disclosure_permissions"),
    ("articles.migrations.0023_contributors_and_bylines", "grant_contributor_permissions"),
]


def register_role_change(module, function):
    """An app above `articles` that grants the roles rights on its own models (by a data
    migration) names it here, so the roles come back whole after a flush."""
    if (module, function) not in ROLE_CHANGES:
        ROLE_CHANGES.append((module, function))


def ensure_editorial_roles():
    """Put the role groups back as the migration made them if something removed them.

    Every install has them from `migrate`; `manage.py flush` (or a test that
    flushes the database) removes them, and the demo must still sign in.
    """
    if Group.objects.filter(name__in=ROLE_NAMES).count() < len(ROLE_NAMES):
        # A flush remade the content types with new ids: this process's cache of them is
        # stale, and permissions made through it would belong to the wrong models.
        ContentType.objects.clear_cache()
        importlib.import_module(ROLES_MIGRATION).create_roles(apps, None)
        for module, function in ROLE_CHANGES:
            getattr(importlib.import_module(module), function)(apps, None)
    return {group.name: group for group in Group.objects.filter(name__in=ROLE_NAMES)}
