# Site search finds productions by their title, platform and synopsis through this index
# (reader/search.py), instead of reading every production's words on each search.

from django.db import migrations

# PostgreSQL only (SQLite has no full-text index; search there matches the text itself).
# The expression is exactly what reader.search builds with
# SearchVector("title", "platform", "synopsis", config="english").
NAME = "production_words_gin"
EXPRESSION = (
    "to_tsvector('english'::regconfig, COALESCE(\"title\", '') || ' ' || "
    "COALESCE(\"platform\", '') || ' ' || COALESCE(\"synopsis\", ''))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON productions_production "
            f"USING gin (({EXPRESSION}))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("productions", "0005_image_library")]

    operations = [migrations.RunPython(create_index, drop_index)]
