"""Articles cover episodes, spoiler blocks name the episode they spoil, and the editorial
roles may work on seasons and episodes (Editor: everything; Writer: look them up)."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

CRUD = ("add", "change", "delete", "view")
#: What each role may do with seasons and episodes, added to what 0004 gave it.
EPISODE_PERMISSIONS = {
    "Editor": {"season": CRUD, "episode": CRUD},
    "Writer": {"season": ("view",), "episode": ("view",)},
}


def _permissions(apps, models_actions):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{a}_{m}" for m, actions in models_actions.items() for a in actions]
    found = list(
        Permission.objects.filter(
            content_type__app_label="productions", codename__in=codenames
        )
    )
    if len(found) != len(codenames):
        raise RuntimeError("Season and episode permissions are missing.")
    return found


def grant_episode_permissions(apps, schema_editor):
    app_config = apps.get_app_config("productions")
    if getattr(app_config, "models_module", None) is None:  # a migration stub
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    for name, models_actions in EPISODE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, models_actions))


def revoke_episode_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, models_actions in EPISODE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, models_actions))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_review_reminders_and_writer_people'),
        ('productions', '0004_seasons_and_episodes'),
        ('articles', '0004_editorial_roles'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='episodes',
            field=models.ManyToManyField(blank=True, help_text='The episodes it is about: an “ending explained” needs at least one.', related_name='articles', to='productions.episode'),
        ),
        migrations.AddField(
            model_name='articleblock',
            name='spoils_up_to',
            field=models.ForeignKey(blank=True, help_text='Spoiler: the episode it gives away. Readers who have not watched that far see it folded, with the episode named; feeds and search never show it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='spoiler_blocks', to='productions.episode'),
        ),
        migrations.RunPython(grant_episode_permissions, revoke_episode_permissions),
    ]
