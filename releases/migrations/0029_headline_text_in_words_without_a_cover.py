"""Search on PostgreSQL: a snippet text in which the query cannot be found is cut to its first words.

ts_headline() shows the fragments of its text that satisfy the whole query (its covers). Where
none does, it marks no fragment and keeps the text's first MinWords (15) words, whatever the
length of the text it was given, and it parses every word of it: about 2 µs a word. A release
whose summary and body cannot satisfy the query is a common result: an organisation's name found
in its headline, or in its headline and background, or with one word in the headline and the
others in the body; every result on the page of such a name, and some of a common word's.
`newsroom_headline_text()` (0028) gave ts_headline() half the window (300 bytes, about 45 words)
where the text held no word of the query at all, and the whole window (600 bytes) where it held
some of them but not the query.

The function's last argument is now the whole query weighted as the summary, body and
background are in the document vector (B and C: `'alianz':BC & 'vigil':BC`), made by
`postgresql.query_outside_headline()`. Where the vector does not match it, no part of the text
can, and the window, wherever it starts, is cut after its first 21 words (counted by the spaces
between them; the parser counts at least as many, so ts_headline() still finds its 15 there).
The snippets are the same: 3,100 results of eleven queries at 100,000 releases, compared with
and without the cut, none differs. Their cost, for the 300 results of an organisation's name:
49.5-57.6 → 31.1-37.1 ms; of a word in one release in twenty found in headlines and backgrounds
("instituto", half the window before): 45.9 → 41.6 ms; where the query is in the text (common
words), within 4% either way (the vector tested once more).

A query that excludes a word (`-x`) gets no such argument (NULL), and no cut: its text may hold a
fragment without the word where the vector says the word is there.
"""

import importlib

from django.db import migrations

search_vectors = importlib.import_module("releases.migrations.0018_search_vectors")
headline_text_0022 = importlib.import_module("releases.migrations.0022_headline_text_found_as_written")
headline_text_0027 = importlib.import_module("releases.migrations.0027_headline_text_in_bytes")
headline_text_0028 = importlib.import_module("releases.migrations.0028_headline_text_without_the_words")

# More words than MinWords (15), counted by the spaces between them: a run of punctuation between
# spaces (a dash) is no word to the parser, and a word joined by a hyphen is two.
WORDS_KEPT = 21


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema = search_vectors.quoted_schema(schema_editor)
    accented = "".join(
        f" pattern := replace(pattern, '{letter}', '[{forms}]');"
        for letter, forms in headline_text_0022.ACCENTED.items()
    )
    schema_editor.execute(f"DROP FUNCTION {schema}.newsroom_headline_text(text, tsquery, integer, tsvector, tsquery)")
    schema_editor.execute(
        f"""CREATE FUNCTION {schema}.newsroom_headline_text(
            document text, query tsquery, width integer,
            document_vector tsvector DEFAULT NULL, query_outside_headline tsquery DEFAULT NULL
        )
        RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
        DECLARE
            lexeme text := {search_vectors.FIRST_LEXEME};
            bytes bytea;
            size integer;
            found integer;
            capitalised integer;
            pattern text;
            window_start integer;
            window_end integer;
            cut text;
        BEGIN
            IF lexeme IS NULL OR octet_length(document) <= width THEN
                RETURN document;
            END IF;
            bytes := convert_to(document, 'UTF8');
            size := octet_length(bytes);
            found := position(convert_to(lexeme, 'UTF8') IN bytes);
            capitalised := position(convert_to(upper(left(lexeme, 1)) || substr(lexeme, 2), 'UTF8') IN bytes);
            IF capitalised > 0 AND (found = 0 OR capitalised < found) THEN
                found := capitalised;
            END IF;
            -- Not as written: looked for in any case and with accents, unless the vector says the
            -- word is not in the text (the window then starts at its start).
            IF found = 0 AND (document_vector IS NULL
                    OR document_vector @@ {headline_text_0028.FIRST_WORD_OUTSIDE_THE_HEADLINE}) THEN
                -- Anything but a letter or digit is matched as itself.
                pattern := regexp_replace(lexeme, '([^[:alnum:]])', '\\\\\\1', 'g');
                {accented}
                found := coalesce(position(convert_to(substring(document FROM '(?i)' || pattern), 'UTF8') IN bytes), 0);
            END IF;
            window_start := greatest(1, found - width / 3);
            WHILE window_start <= size AND get_byte(bytes, window_start - 1) BETWEEN 128 AND 191 LOOP
                window_start := window_start + 1;
            END LOOP;
            window_end := least(size, window_start + width - 1);
            WHILE window_end < size AND get_byte(bytes, window_end) BETWEEN 128 AND 191 LOOP
                window_end := window_end - 1;
            END LOOP;
            cut := convert_from(substring(bytes FROM window_start FOR window_end - window_start + 1), 'UTF8');
            -- No fragment of the text satisfies the query: ts_headline() keeps its first words.
            IF NOT document_vector @@ query_outside_headline THEN
                RETURN substring(cut FROM '^\\s*(?:\\S+\\s+){{0,{WORDS_KEPT - 1}}}\\S*');
            END IF;
            RETURN cut;
        END
        $$"""
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema = search_vectors.quoted_schema(schema_editor)
    schema_editor.execute(f"DROP FUNCTION {schema}.newsroom_headline_text(text, tsquery, integer, tsvector, tsquery)")
    headline_text_0027.forwards(apps, schema_editor)
    headline_text_0028.forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("releases", "0028_headline_text_without_the_words")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
