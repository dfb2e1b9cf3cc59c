"""Importing press releases from Markdown files.

- `files`: reading a file or an upload into clean text (encodings, size, binary checks).
- `dates`: datelines and embargo lines in Spanish and English.
- `parser`: text in, a `ParsedRelease` out. Plain Python: no database access.
- `service`: `release_import()`, which writes one parsed release to the database.

The modules are imported directly (``from releases.importing.parser import parse_release``)
so that reading and parsing never pull in the models.
"""
