# Site search finds quotes by their words and people by their names through these indexes
# (reader/search.py), instead of reading every quote's words on each search.

from django.db import migrations

# PostgreSQL only: SQLite has no full-text index, and search there matches the text itself.
# Each expression is exactly what reader.search builds with SearchVector(..., config="english").
INDEXES = {
    "quote_words_gin": (
        "people_quote",
        "to_tsvector('english'::regconfig, "
        "COALESCE(\"text\", '') || ' ' || COALESCE(\"context\", ''))",
    ),
    "person_name_words_gin": (
        "people_person",
        "to_tsvector('english'::regconfig, COALESCE(\"name\", ''))",
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0005_image_library")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
