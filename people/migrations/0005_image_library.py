"""Pictures move into the image library: each row points at a library image (same file)."""

import django.db.models.deletion
from django.db import migrations, models

from images.migration_steps import into_library, out_of_library


def person_photo_into_library(apps, schema_editor):
    """Each person's photo becomes a library image (same file, size and copies)."""
    into_library(
        schema_editor,
        apps.get_model("people", "person"),
        image_model=apps.get_model("images", "Image"),
        file_field="photo_file",
        image_field="photo",
        texts={"alt": "photo_alt", "credit": "photo_credit"},
        fallback_alt="name",
    )


def person_photo_out_of_library(apps, schema_editor):
    out_of_library(
        schema_editor,
        apps.get_model("people", "person"),
        file_field="photo_file",
        image_field="photo",
        texts={"alt": "photo_alt", "credit": "photo_credit"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_image_library"),
        ("people", "0004_credits_and_quotes_per_episode"),
    ]

    operations = [
        migrations.RenameField(
            model_name="person",
            old_name="photo",
            new_name="photo_file",
        ),
        migrations.AddField(
            model_name="person",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                help_text="Pick from the image library, or upload a new one with “+”.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="images.image",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="photo_alt",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the library image's own.",
                max_length=250,
                verbose_name="photo alt text (here only)",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="photo_credit",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the library image's own.",
                max_length=200,
                verbose_name="photo credit (here only)",
            ),
        ),
        migrations.RunPython(person_photo_into_library, person_photo_out_of_library),
        migrations.RemoveField(
            model_name="person",
            name="photo_file",
        ),
        migrations.RemoveField(
            model_name="person",
            name="photo_height",
        ),
        migrations.RemoveField(
            model_name="person",
            name="photo_renditions",
        ),
        migrations.RemoveField(
            model_name="person",
            name="photo_width",
        ),
    ]
