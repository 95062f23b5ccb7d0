"""The editorial roles (Writer, Editor, Moderator) as groups: made by a data migration."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

ROLE_NAMES = ("Writer", "Editor", "Moderator")
#: The migration that defines each role's exact permissions: the one source of truth.
ROLES_MIGRATION = "articles.migrations.0004_editorial_roles"
#: The migration that added the image library's permissions to the roles.
IMAGE_ROLES_MIGRATION = "articles.migrations.0009_image_library"


def ensure_editorial_roles():
    """Put the role groups back as the migration made them if something removed them.

    Every install has them from `migrate`; `manage.py flush` (or a test that
    flushes the database) removes them, and the demo must still sign in.
    """
    if Group.objects.filter(name__in=ROLE_NAMES).count() < len(ROLE_NAMES):
        importlib.import_module(ROLES_MIGRATION).create_roles(apps, None)
        importlib.import_module(IMAGE_ROLES_MIGRATION).grant_image_permissions(apps, None)
    return {group.name: group for group in Group.objects.filter(name__in=ROLE_NAMES)}
