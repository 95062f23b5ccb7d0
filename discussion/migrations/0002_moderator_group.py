"""The "Moderator" group, with every discussion permission (the workflow app creates the same
group for its own permissions; get_or_create lets either run first)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderator"


def grant_discussion_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; create ours now to grant them.
    app_config = apps.get_app_config("discussion")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="discussion"))


def revoke_discussion_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="discussion"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("discussion", "0001_comments_votes_ratings_subscriptions_moderation"),
    ]

    operations = [
        migrations.RunPython(grant_discussion_permissions, revoke_discussion_permissions),
    ]
