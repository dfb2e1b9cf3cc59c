"""Importing press releases from Markdown files.

- `files`: reading a file or an upload into clean text (encodings, size, binary checks).
- `pasted_text` (with `pasted_html`): text as a word processor, an email or a website gives it,
  made plain Markdown; `envelope`: an email's header lines above a release, set aside.
- `dates`: datelines and embargo lines in Spanish and English.
- `front_matter`: the YAML block an exported file opens with (what a press release has no
  place for). Plain Python.
- `parser`: text in, a `ParsedRelease` (`parsed`) out, one step per part of a release
  (`opening`, `sections`, `background`, `press_contacts` with `contact_tables`, `links`,
  `signature`, `bilingual`, `zones`), with the words of releases in `vocabulary/` (and places,
  their countries and zones, in `vocabulary/places.py`) and what it reports in `problems`.
  Plain Python: no database access.
- `mentions`: finding the directory's organisations named in a text. Plain Python.
- `service`: `import_release()`, which writes one parsed release to the database, with
  `directory` (matching and creating organisations, people, topics), `rows` (the rows the
  release names), `times` (what the file says of its times), `release_files` (the image and
  attachments read from beside the file), `phones` (numbers read in the release's country) and
  `records` (errors and checks they share); its state goes through the workflow's services
  (releases/services/importing.py). `lookup`: the directory by name, read once for a batch.
- `permissions`: what an import may add to the directory, by the user's permissions.
- `batch`: what the import command and the admin upload share, the batch loop included.

The modules are imported directly (``from releases.importing.parser import parse_release``)
so that reading and parsing never pull in the models.
"""
