"""Search that stays fast as the archive grows: stored search vectors, kept by the database itself.

PostgreSQL: four tsvector columns on the release table, `search_es` and `search_en` (the whole
release as a page in that language shows it, built by the functions of 0006, so the English one
keeps its field-by-field fallback to Spanish) and `search_title_es` and `search_title_en` (the
headline alone, for putting headline matches first), each with a GIN index. A trigger fills them
on every INSERT and on every UPDATE that changes a text, whoever writes: save(), update(),
bulk_create(), an import or plain SQL. The expression indexes of 0006 give way to the indexes on
the stored columns, under the same names. Existing rows are filled here.

SQLite: `release_search`, an FTS5 table over the same texts (as releases/search/sqlite.py defines it;
there also why it is built this way), kept current by triggers and filled here for existing rows.

Backwards, each database gets back exactly what 0006 left: the expression indexes, no FTS table.
Why triggers and not generated columns: releases/search/postgresql.py.
"""

from django.db import migrations

from releases.search import sqlite as search_index

FIELDS = ("title", "summary", "body", "background")
VECTORS = ("search_es", "search_en", "search_title_es", "search_title_en")


def quoted_schema(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return schema_editor.quote_name(cursor.fetchone()[0])


def vector_values(schema, row):
    """{column: SQL} of the four search vectors of the release `row` (NEW in the trigger)."""
    es = [f"{row}.{field}_es" for field in FIELDS]
    en = [f"{row}.{field}_en" for field in FIELDS]
    title_es = f"to_tsvector('{schema}.newsroom_es'::regconfig, coalesce({row}.title_es, ''))"
    return {
        "search_es": f"{schema}.newsroom_release_document_es({', '.join(es)})",
        "search_en": f"{schema}.newsroom_release_document_en({', '.join(en + es)})",
        "search_title_es": title_es,
        # An English page shows the Spanish headline where there is no English one.
        "search_title_en": (
            f"CASE WHEN coalesce({row}.title_en, '') <> '' "
            f"THEN to_tsvector('{schema}.newsroom_en'::regconfig, {row}.title_en) ELSE {title_es} END"
        ),
    }


# The first lexeme of a tsquery's text ('vigil' & 'transparent'), quotes within it doubled.
FIRST_LEXEME = r"""replace((regexp_match(query::text, '''((?:[^'']|'''')+)'''))[1], '''''', '''')"""


def create_headline_text(schema_editor, schema):
    """`newsroom_headline_text(document, query, width)`: the `width` characters of `document`
    around the first word of `query` (or its start), for ts_headline() to read instead of the
    whole text: it parses every word it is given, the bulk of a results page's cost."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        unaccent_schema = schema_editor.quote_name(cursor.fetchone()[0])
    # A lexeme ('vigil' of "vigilancia") begins the words it was made from, once they are
    # unaccented and in lower case, as the configurations make them before stemming.
    schema_editor.execute(
        f"""CREATE FUNCTION {schema}.newsroom_headline_text(document text, query tsquery, width integer)
        RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
        DECLARE
            lexeme text := {FIRST_LEXEME};
            found integer;
        BEGIN
            IF lexeme IS NULL OR length(document) <= width THEN
                RETURN document;
            END IF;
            found := strpos(lower({unaccent_schema}.unaccent(document)), lexeme);
            RETURN substr(document, greatest(1, found - width / 3), width);
        END
        $$"""
    )


def postgresql_forwards(schema_editor):
    schema = quoted_schema(schema_editor)
    create_headline_text(schema_editor, schema)
    texts = [f"{field}_{language}" for field in FIELDS for language in ("es", "en")]
    schema_editor.execute("DROP INDEX IF EXISTS release_search_es")
    schema_editor.execute("DROP INDEX IF EXISTS release_search_en")
    schema_editor.execute(
        "ALTER TABLE releases_release " + ", ".join(f"ADD COLUMN {column} tsvector" for column in VECTORS)
    )
    values = vector_values(schema, "releases_release")
    schema_editor.execute(
        "UPDATE releases_release SET " + ", ".join(f"{column} = {sql}" for column, sql in values.items())  # noqa: S608
    )
    schema_editor.execute(
        "ALTER TABLE releases_release " + ", ".join(f"ALTER COLUMN {column} SET NOT NULL" for column in VECTORS)
    )
    values = vector_values(schema, "NEW")
    changed = " OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in texts)
    # An UPDATE that leaves the texts alone (publishing, a new status) keeps the vectors as they
    # were, so it costs nothing here, and nobody can write a vector that disagrees with the text.
    schema_editor.execute(
        f"""CREATE FUNCTION {schema}.newsroom_release_search_vectors() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NOT ({changed}) THEN
                {" ".join(f"NEW.{column} := OLD.{column};" for column in VECTORS)}
                RETURN NEW;
            END IF;
            {" ".join(f"NEW.{column} := {sql};" for column, sql in values.items())}
            RETURN NEW;
        END
        $$"""
    )
    schema_editor.execute(
        "CREATE TRIGGER release_search_vectors BEFORE INSERT OR UPDATE ON releases_release "
        f"FOR EACH ROW EXECUTE FUNCTION {schema}.newsroom_release_search_vectors()"
    )
    # Without fastupdate each write updates the index itself, not a pending list that every
    # search would then scan until VACUUM merges it: steady searches, for slower bulk writes
    # (still faster than the expression indexes were; see the README's figures).
    for column in VECTORS:
        name = column.replace("search_", "release_search_")
        schema_editor.execute(f"CREATE INDEX {name} ON releases_release USING gin ({column}) WITH (fastupdate = off)")
    # How common each word is tells the planner whether to read a word's releases off its index
    # (rare words) or to walk the newest releases until a page is full (common ones). With the
    # default statistics a word it has not sampled looks 5 times more common than 1 in 1,000,
    # and it walks far too long; 1,000 keeps ten times as many words and their frequencies.
    schema_editor.execute(
        "ALTER TABLE releases_release " + ", ".join(f"ALTER COLUMN {column} SET STATISTICS 1000" for column in VECTORS)
    )
    schema_editor.execute("ANALYZE releases_release")


def postgresql_backwards(schema_editor):
    schema = quoted_schema(schema_editor)
    schema_editor.execute("DROP TRIGGER IF EXISTS release_search_vectors ON releases_release")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {schema}.newsroom_release_search_vectors()")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {schema}.newsroom_headline_text(text, tsquery, integer)")
    schema_editor.execute(
        "ALTER TABLE releases_release " + ", ".join(f"DROP COLUMN IF EXISTS {column}" for column in VECTORS)
    )  # their indexes go with them
    # 0006's expression indexes (with the columns' names of today: context became background).
    columns_es = ", ".join(f"{field}_es" for field in FIELDS)
    columns_en = ", ".join([f"{field}_en" for field in FIELDS] + [f"{field}_es" for field in FIELDS])
    for language, columns in (("es", columns_es), ("en", columns_en)):
        schema_editor.execute(
            f"CREATE INDEX release_search_{language} ON releases_release "
            f"USING gin ({schema}.newsroom_release_document_{language}({columns}))"
        )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql_forwards(schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        search_index.create_index(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql_backwards(schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        search_index.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0016_unguessable_uploads_image_sizes"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
