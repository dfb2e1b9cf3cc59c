#!/usr/bin/env python
"""Time reading (and importing) a thousand varied press releases.

    .venv/bin/python bench/import_speed.py [--files 1000] [--import]

Writes the files to a temporary folder, made from the releases of tests/import_corpus/ (every
shape of release there, each copy with its own headline, file name and, for one in three, its
own signing organisations, so that the directory grows too), then times parsing each one in
process (parse only). With --import it also runs the real command, `python manage.py
import_releases FOLDER`, in a process of its own against a fresh SQLite database (migrated
first, not timed), end to end as an administrator would: start-up, reading, writing, the
revisions and audit events (the target: 1,000 files in 30 s). It reports the time, the
releases written, the files that failed and the queries per file.
Timings are for comparing changes on one machine; no test asserts them.
"""

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
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


def time_command(files, folder):
    """(seconds, CPU seconds, releases written, files failed) of `manage.py import_releases` on a fresh database."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/command.sqlite3"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [*manage, "import_releases", str(files)], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - cpu
    (folder / "errors.txt").write_text(done.stderr, encoding="utf-8")
    written = subprocess.run(
        [*manage, "shell", "--no-imports", "-c", "from releases.models import Release; print(Release.objects.count())"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    failed = re.search(r"(\d+) files? failed|Fall(?:ó|aron) (\d+) archivos?", done.stderr)
    return elapsed, cpu, written, int(failed[1] or failed[2]) if failed else 0


def _children_cpu():
    """CPU seconds used by finished child processes: steadier than the wall clock on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--import", dest="run_import", action="store_true", help="also run import_releases on them")
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
    print(f"parse only: {len(paths)} files in {total:.2f} s; per file median {statistics.median(times) * 1000:.1f} ms, "
          f"95th percentile {sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms, {failed} refused")  # fmt: skip

    if args.run_import:
        elapsed, cpu, written, failed = time_command(files, folder)
        print(f"end to end (manage.py import_releases, fresh SQLite): {len(paths)} files in {elapsed:.1f} s "
              f"({cpu:.1f} s of CPU), {written} releases written, {failed} files failed")  # fmt: skip
        print(f"its messages: {folder / 'errors.txt'}")


if __name__ == "__main__":
    main()
