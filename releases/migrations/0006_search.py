"""Full-text search on PostgreSQL: accent-insensitive configurations, document functions, GIN indexes.

The expression indexes made here were later replaced by stored search vectors (0018_search_vectors;
why: releases/search/postgresql.py), built by the same functions. Everything is schema-qualified, so the indexes keep working where the
search_path is empty (pg_dump/pg_restore, maintenance jobs). On SQLite nothing happens here:
search there folds text with a Python function registered on each connection.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIGURATIONS = [("newsroom_es", "spanish"), ("newsroom_en", "english")]
FIELDS = ("title", "summary", "body", "context")


class CreateUnaccent(UnaccentExtension):
    """UnaccentExtension, whose reverse also leaves databases other than PostgreSQL alone."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def weighted(schema, configuration, expressions):
    parts = []
    for weight, expression in zip("ABCC", expressions, strict=True):
        parts.append(f"setweight(to_tsvector('{schema}.{configuration}'::regconfig, {expression}), '{weight}')")
    return "\n        || ".join(parts)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = schema_editor.quote_name(cursor.fetchone()[0])
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        unaccent_schema = schema_editor.quote_name(cursor.fetchone()[0])
    for name, parser in CONFIGURATIONS:
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {schema}.{name} (COPY = pg_catalog.{parser})")
        # Words with non-ASCII letters are unaccented first, then stemmed as usual.
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {schema}.{name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH {unaccent_schema}.unaccent, pg_catalog.{parser}_stem"
        )
    # Spanish: the Spanish columns.
    arguments = ", ".join(f"{field} text" for field in FIELDS)
    expressions = [f"coalesce({field}, '')" for field in FIELDS]
    schema_editor.execute(
        f"""CREATE FUNCTION {schema}.newsroom_release_document_es({arguments}) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT {weighted(schema, "newsroom_es", expressions)}
        $$"""
    )
    # English: each field in English when translated, else the Spanish text an English page shows.
    arguments = ", ".join([f"{field}_en text" for field in FIELDS] + [f"{field}_es text" for field in FIELDS])
    parts = []
    for weight, field in zip("ABCC", FIELDS, strict=True):
        parts.append(
            f"setweight(CASE WHEN coalesce({field}_en, '') <> '' "
            f"THEN to_tsvector('{schema}.newsroom_en'::regconfig, {field}_en) "
            f"ELSE to_tsvector('{schema}.newsroom_es'::regconfig, coalesce({field}_es, '')) END, '{weight}')"
        )
    body = "\n        || ".join(parts)
    schema_editor.execute(
        f"""CREATE FUNCTION {schema}.newsroom_release_document_en({arguments}) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT {body}
        $$"""
    )
    columns_es = ", ".join(f"{field}_es" for field in FIELDS)
    columns_en = ", ".join([f"{field}_en" for field in FIELDS] + [f"{field}_es" for field in FIELDS])
    schema_editor.execute(
        f"CREATE INDEX release_search_es ON releases_release "
        f"USING gin ({schema}.newsroom_release_document_es({columns_es}))"
    )
    schema_editor.execute(
        f"CREATE INDEX release_search_en ON releases_release "
        f"USING gin ({schema}.newsroom_release_document_en({columns_en}))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS release_search_es")
    schema_editor.execute("DROP INDEX IF EXISTS release_search_en")
    schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_release_document_es(text, text, text, text)")
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS newsroom_release_document_en(text, text, text, text, text, text, text, text)"
    )
    for name, _parser in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0005_release_import_key"),
    ]

    operations = [
        CreateUnaccent(),
        migrations.RunPython(forwards, backwards),
    ]
