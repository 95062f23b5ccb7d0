"""Full-text word indexes that exist on PostgreSQL only, for migrations to create.

Site search (reader/search.py) finds rows by their words through a GIN index on exactly the
expression it builds (`SearchVector(*fields, config="english")`). SQLite has no such index
and search there matches the text itself, so these operations do nothing on it.
"""

from django.db import migrations


def words_expression(*columns, config="english"):
    """What `SearchVector(*columns, config=config)` compiles to, for the index to match it."""
    joined = " || ' ' || ".join(f"COALESCE(\"{column}\", '')" for column in columns)
    return f"to_tsvector('{config}'::regconfig, {joined})"


def create_words_index(name, table, *columns):
    """A migration operation: the GIN index `name` on `table`'s words, on PostgreSQL only
    (and its removal when the migration is reversed)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            expression = words_expression(*columns)
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
