"""Moderators may see readers' email addresses in the admin (core.view_reader_email): they
answer for comments and ban addresses. Editors and writers may not."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderator"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create core's now to grant one.
    app_config = apps.get_app_config("core")
    if getattr(app_config, "models_module", None) is None:  # a migration stub
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="core", codename="view_reader_email")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="core", codename="view_reader_email"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_reader_address_views"),
        ("discussion", "0002_moderator_group"),
        ("members", "0002_follownotice_delivery_in_outbox"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
