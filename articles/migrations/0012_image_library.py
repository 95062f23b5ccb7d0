"""Pictures move into the image library: each row points at a library image (same file)."""

import django.db.models.deletion
from django.db import migrations, models

from django.contrib.auth.management import create_permissions

from images.migration_steps import into_library, out_of_library

#: The image library in the editorial roles: writers add and describe pictures, editors
#: may also delete one no page uses (an image in use is protected).
IMAGE_PERMISSIONS = {
    "Editor": ("add", "change", "delete", "view"),
    "Writer": ("add", "change", "view"),
}


def grant_image_permissions(apps, schema_editor):
    """Writers and editors get the image library's permissions (the groups must exist)."""
    app_config = apps.get_app_config("images")
    if getattr(app_config, "models_module", None) is None:  # a migration stub
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in IMAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="images",
                    codename__in=[f"{action}_image" for action in actions],
                )
            )


def revoke_image_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=IMAGE_PERMISSIONS):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="images"))


def article_hero_image_into_library(apps, schema_editor):
    """Each article's hero_image becomes a library image (same file, size and copies)."""
    into_library(
        schema_editor,
        apps.get_model("articles", "article"),
        image_model=apps.get_model("images", "Image"),
        file_field="hero_image_file",
        image_field="hero_image",
        texts={"alt": "hero_alt", "credit": "hero_credit"},
        fallback_alt="",
    )


def article_hero_image_out_of_library(apps, schema_editor):
    out_of_library(
        schema_editor,
        apps.get_model("articles", "article"),
        file_field="hero_image_file",
        image_field="hero_image",
        texts={"alt": "hero_alt", "credit": "hero_credit"},
    )


def articleblock_image_into_library(apps, schema_editor):
    """Each articleblock's image becomes a library image (same file, size and copies)."""
    into_library(
        schema_editor,
        apps.get_model("articles", "articleblock"),
        image_model=apps.get_model("images", "Image"),
        file_field="image_file",
        image_field="image",
        texts={"alt": "image_alt", "credit": "image_credit", "caption": "caption"},
        fallback_alt="",
    )


def articleblock_image_out_of_library(apps, schema_editor):
    out_of_library(
        schema_editor,
        apps.get_model("articles", "articleblock"),
        file_field="image_file",
        image_field="image",
        texts={"alt": "image_alt", "credit": "image_credit", "caption": "caption"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_editorial_roles"),
        ("articles", "0011_articles_cover_episodes_spoilers_by_episode"),
        ("images", "0001_image_library"),
        ("people", "0005_image_library"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="articleblock",
            name="block_rich_text_shape",
        ),
        migrations.RemoveConstraint(
            model_name="articleblock",
            name="block_heading_shape",
        ),
        migrations.RemoveConstraint(
            model_name="articleblock",
            name="block_quote_shape",
        ),
        migrations.RemoveConstraint(
            model_name="articleblock",
            name="block_image_shape",
        ),
        migrations.RemoveConstraint(
            model_name="articleblock",
            name="block_also_read_shape",
        ),
        migrations.RemoveConstraint(
            model_name="articleblock",
            name="block_fact_fiction_shape",
        ),
        migrations.RemoveConstraint(
            model_name="articleblock",
            name="block_spoiler_shape",
        ),
        migrations.RemoveConstraint(
            model_name="articleblock",
            name="block_ad_slot_shape",
        ),
        migrations.RenameField(
            model_name="article",
            old_name="hero_image",
            new_name="hero_image_file",
        ),
        migrations.AddField(
            model_name="article",
            name="hero_image",
            field=models.ForeignKey(
                blank=True,
                help_text="Pick from the image library, or upload a new one with “+”.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="images.image",
            ),
        ),
        migrations.RenameField(
            model_name="articleblock",
            old_name="image",
            new_name="image_file",
        ),
        migrations.AddField(
            model_name="articleblock",
            name="image",
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
            model_name="article",
            name="hero_alt",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the library image's own.",
                max_length=250,
                verbose_name="hero alt text (this page only)",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="hero_credit",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the library image's own.",
                max_length=200,
                verbose_name="hero credit (this page only)",
            ),
        ),
        migrations.AlterField(
            model_name="articleblock",
            name="caption",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the library image's own.",
                max_length=300,
                verbose_name="caption (here only)",
            ),
        ),
        migrations.AlterField(
            model_name="articleblock",
            name="image_alt",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the library image's own.",
                max_length=250,
                verbose_name="alt text (here only)",
            ),
        ),
        migrations.AlterField(
            model_name="articleblock",
            name="image_credit",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to use the library image's own.",
                max_length=200,
                verbose_name="credit (here only)",
            ),
        ),
        migrations.RunPython(article_hero_image_into_library, article_hero_image_out_of_library),
        migrations.RemoveField(
            model_name="article",
            name="hero_image_file",
        ),
        migrations.RunPython(articleblock_image_into_library, articleblock_image_out_of_library),
        migrations.RemoveField(
            model_name="articleblock",
            name="image_file",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_image_height",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_image_renditions",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_image_width",
        ),
        migrations.RemoveField(
            model_name="articleblock",
            name="image_height",
        ),
        migrations.RemoveField(
            model_name="articleblock",
            name="image_renditions",
        ),
        migrations.RemoveField(
            model_name="articleblock",
            name="image_width",
        ),
        migrations.AddConstraint(
            model_name="articleblock",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "rich_text"), _negated=True),
                    models.Q(
                        models.Q(("text", ""), _negated=True),
                        ("heading", ""),
                        ("quote", None),
                        ("image", None),
                        ("also_read", None),
                        ("claim", ""),
                    ),
                    _connector="OR",
                ),
                name="block_rich_text_shape",
                violation_error_message="A rich-text block needs some text (scripts and other unsafe markup are removed first), and nothing else: clear its heading, quote, image, link or claim.",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleblock",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "heading"), _negated=True),
                    models.Q(
                        models.Q(("heading", ""), _negated=True),
                        ("text", ""),
                        ("quote", None),
                        ("image", None),
                        ("also_read", None),
                        ("claim", ""),
                    ),
                    _connector="OR",
                ),
                name="block_heading_shape",
                violation_error_message="A heading block needs a heading, and nothing else.",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleblock",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "quote"), _negated=True),
                    models.Q(
                        ("quote__isnull", False),
                        ("text", ""),
                        ("heading", ""),
                        ("image", None),
                        ("also_read", None),
                        ("claim", ""),
                    ),
                    _connector="OR",
                ),
                name="block_quote_shape",
                violation_error_message="A quote block needs a quote, and nothing else: its words come from the quote.",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleblock",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "image"), _negated=True),
                    models.Q(
                        ("image__isnull", False),
                        ("text", ""),
                        ("heading", ""),
                        ("quote", None),
                        ("also_read", None),
                        ("claim", ""),
                    ),
                    _connector="OR",
                ),
                name="block_image_shape",
                violation_error_message="An image block needs an image from the library (its own alt text, credit and caption are optional), and nothing else.",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleblock",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "also_read"), _negated=True),
                    models.Q(
                        ("also_read__isnull", False),
                        ("text", ""),
                        ("heading", ""),
                        ("quote", None),
                        ("image", None),
                        ("claim", ""),
                    ),
                    _connector="OR",
                ),
                name="block_also_read_shape",
                violation_error_message="An “also read” block needs the article it points to, and nothing else.",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleblock",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "fact_fiction"), _negated=True),
                    models.Q(
                        models.Q(("claim", ""), _negated=True),
                        models.Q(("in_reality", ""), _negated=True),
                        ("text", ""),
                        ("heading", ""),
                        ("quote", None),
                        ("image", None),
                        ("also_read", None),
                    ),
                    _connector="OR",
                ),
                name="block_fact_fiction_shape",
                violation_error_message="A fact vs fiction block needs a claim and what really happened, and no text, heading, quote, image or link.",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleblock",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "spoiler"), _negated=True),
                    models.Q(
                        models.Q(("text", ""), _negated=True),
                        ("quote", None),
                        ("image", None),
                        ("also_read", None),
                        ("claim", ""),
                    ),
                    _connector="OR",
                ),
                name="block_spoiler_shape",
                violation_error_message="A spoiler block needs the hidden text (its label goes in the heading), and nothing else.",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleblock",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "ad_slot"), _negated=True),
                    models.Q(
                        ("text", ""),
                        ("heading", ""),
                        ("quote", None),
                        ("image", None),
                        ("also_read", None),
                        ("claim", ""),
                    ),
                    _connector="OR",
                ),
                name="block_ad_slot_shape",
                violation_error_message="An advertisement slot holds no content: leave its fields empty.",
            ),
        ),
        migrations.RunPython(grant_image_permissions, revoke_image_permissions),
    ]
