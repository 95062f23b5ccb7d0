# Site search finds people by their name and bio through this index (reader/search.py),
# instead of reading every person's words on each search.

from django.db import migrations

# PostgreSQL only, as 0006: the expression is exactly what reader.search builds with
# SearchVector("name", "bio", config="english").
NAME = "person_words_gin"
EXPRESSION = (
    "to_tsvector('english'::regconfig, COALESCE(\"name\", '') || ' ' || COALESCE(\"bio\", ''))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON people_person USING gin (({EXPRESSION}))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("people", "0006_quote_and_person_word_indexes")]

    operations = [migrations.RunPython(create_index, drop_index)]
