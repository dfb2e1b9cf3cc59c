"""Search on PostgreSQL: each release's issuing organisations and topics on its row, indexed.

A search narrowed to an organisation or a topic is counted by testing the releases of one
against the words, or the releases with the words against the other: at 100,000 releases, a word
found in 1 release of 20 narrowed to an organisation that seldom uses it tested every one of its
4,533 releases' documents (35 ms) to find 83. With the organisations' and topics' ids on the row,
in GIN indexes beside the words', the database intersects the two indexes and reads the 83 rows
alone (4 ms): releases/search/compiled.py counts so where a walk of the newest entries did not
find enough matches.

`search_organisations` and `search_topics` are kept by statement triggers on the two link
tables, for every writer (the admin, imports, `bulk_create()`, plain SQL), in the transaction
that changes the links. They are not model fields: Django never reads or writes them
(releases/search/postgresql.py names them in the queries that use them). SQLite keeps none.
"""

from django.db import migrations

# (column, link table, the link table's column naming what is linked)
LINKS = (
    ("search_organisations", "releases_issuingorganisation", "organisation_id"),
    ("search_topics", "releases_release_topics", "topic_id"),
)


def linked(link_table, column, release):
    return (
        f"COALESCE((SELECT array_agg(link.{column} ORDER BY link.{column}) FROM {link_table} link "  # noqa: S608 - constants
        f"WHERE link.release_id = {release}), '{{}}')"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE releases_release "
        + ", ".join(f"ADD COLUMN {column} bigint[] NOT NULL DEFAULT '{{}}'" for column, _table, _linked in LINKS)
    )
    schema_editor.execute(
        "UPDATE releases_release SET "  # noqa: S608 - constants
        + ", ".join(f"{column} = {linked(table, name, 'releases_release.id')}" for column, table, name in LINKS)
    )
    for column, table, name in LINKS:
        function = f"newsroom_{column}"
        # One UPDATE per statement, for the releases whose links it changed (a bulk insert of
        # 200,000 links updates each release once): before and after, for a link moved from one
        # release to another.
        changed = "SELECT release_id FROM changed_links"
        for event, tables in (
            ("INSERT", "NEW TABLE AS changed_links"),
            ("UPDATE", "OLD TABLE AS old_links NEW TABLE AS changed_links"),
            ("DELETE", "OLD TABLE AS changed_links"),
        ):
            ids = f"{changed} UNION SELECT release_id FROM old_links" if event == "UPDATE" else changed  # noqa: S608 - constants
            schema_editor.execute(
                f"""CREATE FUNCTION {function}_{event.lower()}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE releases_release SET {column} = {linked(table, name, "releases_release.id")}
                    WHERE id IN ({ids});
                    RETURN NULL;
                END
                $$"""  # noqa: S608 - constants
            )
            schema_editor.execute(
                f"CREATE TRIGGER {column}_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}_{event.lower()}()"
            )
        index = column.replace("search_", "release_search_")
        schema_editor.execute(f"CREATE INDEX {index} ON releases_release USING gin ({column}) WITH (fastupdate = off)")
    schema_editor.execute("ANALYZE releases_release")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, table, _name in LINKS:
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {column}_{event} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS newsroom_{column}_{event}()")
    schema_editor.execute(
        "ALTER TABLE releases_release " + ", ".join(f"DROP COLUMN {column}" for column, _table, _name in LINKS)
    )


class Migration(migrations.Migration):
    dependencies = [("releases", "0024_release_cards")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
