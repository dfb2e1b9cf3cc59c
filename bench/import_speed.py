#!/usr/bin/env python
"""Time reading (and importing) a thousand varied press releases.

    .venv/bin/python bench/import_speed.py [--files 1000] [--import]

Writes the files to a temporary folder, made from the releases of tests/import_corpus/ (every
shape of release there, each copy with its own headline, file name and, for one in three, its
own signing organisations, so that the directory grows too), then times parsing each one in
process. With --import it also runs `import_releases` on the whole folder against a throwaway
SQLite database, end to end, as an administrator would (the target: 1,000 files in 30 s).
Timings are for comparing changes on one machine; no test asserts them.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "import_corpus"
sys.path.insert(0, str(ROOT))


def varied_copies(count, folder):
    """`count` files in `folder`, made from the corpus; returns their paths."""
    sources = [path for path in sorted(CORPUS.glob("*.md")) if path.name != "README.md"]
    paths = []
    for number in range(count):
        source = sources[number % len(sources)]
        text = source.read_bytes().decode("utf-8")
        # Its own headline: the first heading or bold line gets the copy's number.
        text = re.sub(r"^(#+ .+|\*\*[^*\n]+)(\*\*)?$", rf"\1 {number}\2", text, count=1, flags=re.MULTILINE)
        if number % 3 == 0:
            # Its own issuing organisations: the names of the signature get the copy's number.
            text = re.sub(r"^((?:Red|Colectivo|Coalición|Fundación|Network|Alliance|Union)\b.*)$",
                          rf"\1 {number}", text, flags=re.MULTILINE)  # fmt: skip
        path = folder / f"{number:04d}-{source.name}"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def time_parsing(paths):
    from django.conf import settings

    from releases.importing.files import decode
    from releases.importing.parser import ParseError, parse_release

    times, failed = [], 0
    for path in paths:
        start = time.perf_counter()
        text, _warnings = decode(path.read_bytes())
        try:
            parse_release(text, source=path.name, default_zone=settings.TIME_ZONE)
        except ParseError:
            failed += 1
        times.append(time.perf_counter() - start)
    return times, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--import", dest="run_import", action="store_true", help="also import them into SQLite")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="newsroom-import-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{folder}/media")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"

    import django

    django.setup()
    files = folder / "files"
    files.mkdir()
    paths = varied_copies(args.files, files)

    times, failed = time_parsing(paths)
    total = sum(times)
    print(f"parse: {len(paths)} files in {total:.2f} s; per file median {statistics.median(times) * 1000:.1f} ms, "
          f"95th percentile {sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms, {failed} refused")  # fmt: skip

    if args.run_import:
        from django.core.management import CommandError, call_command

        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        errors = folder / "errors.txt"
        with open(os.devnull, "w") as quiet, open(errors, "w") as stderr, suppress(CommandError):
            # CommandError: some files failed; the count below says how many were imported.
            call_command("import_releases", str(files), stdout=quiet, stderr=stderr)
        elapsed = time.perf_counter() - start
        from releases.models import Release

        print(f"import: {Release.objects.count()} releases from {len(paths)} files in {elapsed:.1f} s (SQLite)")
        print(f"errors, if any: {errors}")


if __name__ == "__main__":
    main()
