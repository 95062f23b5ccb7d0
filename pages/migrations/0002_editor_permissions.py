from django.contrib.auth.management import create_permissions
from django.db import migrations

#: Editors write the standing pages; writers and moderators do not (the publisher's voice:
#: policies, the masthead, the legal pages are signed off by the desk's editors).
PAGE_PERMISSIONS = {"Editor": ("add", "change", "delete", "view")}


def _permissions(apps, actions):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_standingpage" for action in actions]
    found = list(Permission.objects.filter(content_type__app_label="pages", codename__in=codenames))
    if len(found) != len(codenames):
        raise RuntimeError("Standing page permissions are missing.")
    return found


def grant_page_permissions(apps, schema_editor):
    app_config = apps.get_app_config("pages")
    if getattr(app_config, "models_module", None) is None:  # a migration stub
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    for name, actions in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, actions))


def revoke_page_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, actions in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, actions))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_standing_pages"),
        ("articles", "0004_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_page_permissions, revoke_page_permissions)]
