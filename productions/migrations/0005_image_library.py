"""Pictures move into the image library: each row points at a library image (same file)."""

import django.db.models.deletion
from django.db import migrations, models

from images.migration_steps import into_library, out_of_library


def production_poster_into_library(apps, schema_editor):
    """Each production's poster becomes a library image (same file, size and copies)."""
    into_library(
        schema_editor,
        apps.get_model("productions", "production"),
        image_model=apps.get_model("images", "Image"),
        file_field="poster_file",
        image_field="poster",
        texts={"alt": "poster_alt", "credit": "poster_credit"},
        fallback_alt="title",
    )


def production_poster_out_of_library(apps, schema_editor):
    out_of_library(
        schema_editor,
        apps.get_model("productions", "production"),
        file_field="poster_file",
        image_field="poster",
        texts={"alt": "poster_alt", "credit": "poster_credit"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_image_library"),
        ("productions", "0004_seasons_and_episodes"),
    ]

    operations = [
        migrations.RenameField(
            model_name="production",
            old_name="poster",
            new_name="poster_file",
        ),
        migrations.AddField(
            model_name="production",
            name="poster",
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
            model_name="production",
            name="poster_alt",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the library image's own.",
                max_length=250,
                verbose_name="poster alt text (here only)",
            ),
        ),
        migrations.AlterField(
            model_name="production",
            name="poster_credit",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the library image's own.",
                max_length=200,
                verbose_name="poster credit (here only)",
            ),
        ),
        migrations.RunPython(production_poster_into_library, production_poster_out_of_library),
        migrations.RemoveField(
            model_name="production",
            name="poster_file",
        ),
        migrations.RemoveField(
            model_name="production",
            name="poster_height",
        ),
        migrations.RemoveField(
            model_name="production",
            name="poster_renditions",
        ),
        migrations.RemoveField(
            model_name="production",
            name="poster_width",
        ),
    ]
