#!/usr/bin/env python
"""Time the public search page in-process on a newsroom made by bench/generate.py.

    DATABASE_URL=sqlite:////tmp/newsroom-bench/20000.sqlite3 .venv/bin/python bench/search.py
    .venv/bin/python bin/with_postgres.py .venv/bin/python bench/search.py --releases 100000

Without DATABASE_URL the SQLite file of --releases in --data is used, generated first if it does
not exist yet (as bench/load.py does); with a DATABASE_URL of an empty database, it is filled
there first. Then each kind of query below is requested --repeat times through Django's test
client (the whole page: form, filters, count, results, snippets, template), and the wall-clock
p50/p95/p99 and the CPU time of this process per request are printed. A database server's own
CPU is not in that figure (PostgreSQL runs in other processes), so on PostgreSQL read the wall
times, with the load average printed beside them: the machine may be busy with other work.
"""

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the project: bench/alerts.py is not the alerts app

import prose  # noqa: E402 - bench/ is on the path only from here

QUERIES = {
    "common word (half the releases)": f"/es/buscar/?q={prose.COMMON_WORD}",
    "common word, page 5": f"/es/buscar/?q={prose.COMMON_WORD}&page=5",
    "common word, English page": f"/en/search/?q={prose.COMMON_WORD}",
    "rare word (1 in 1,000)": f"/es/buscar/?q={prose.RARE_WORD}",
    "two words": f"/es/buscar/?q={prose.COMMON_WORD}+transparencia",
    "common and rare word": f"/es/buscar/?q={prose.COMMON_WORD}+{prose.RARE_WORD}",
    "word in every release": "/es/buscar/?q=organizaciones",
    "no match": "/es/buscar/?q=zzyzx",
    "common word, filtered by topic": f"/es/buscar/?q={prose.COMMON_WORD}&topic=privacidad",
}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def ensure_data(args):
    if os.environ.get("DATABASE_URL"):
        url = os.environ["DATABASE_URL"]
    else:
        path = args.data / f"{args.releases}.sqlite3"
        url = os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        if path.exists():
            return url
    check = "from releases.models import Release; print(Release.objects.exists())"
    env = dict(os.environ, SECRET_KEY="bench-only", DJANGO_SETTINGS_MODULE="newsroom.settings")
    found = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {check}"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if found.stdout.strip() != "True":
        subprocess.run(
            [sys.executable, "bench/generate.py", "--releases", str(args.releases)], cwd=ROOT, env=env, check=True
        )
    return url


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=20000, help="the size to generate if there is no data")
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsroom-bench"))
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", help="a substring of the query kinds to run")
    args = parser.parse_args()

    args.data.mkdir(parents=True, exist_ok=True)
    url = ensure_data(args)
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOCAL_HTTP"] = "1"  # plain http, as the test client asks
    os.environ["STATIC_ROOT"] = str(args.data / "static")
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from releases.models import Release

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages name their hashed files
    published = Release.objects.published().count()
    client = Client()
    print(
        f"# {datetime.date.today()} {platform.node()} ({os.cpu_count()} CPUs), {connection.vendor}, "
        f"{published:,} published releases; {args.repeat} requests each; load average {os.getloadavg()[0]:.2f}"
    )
    print(f"| {'query':34} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} | {'CPU ms':>6} | {'queries':>7} | result")
    print(f"|{'-' * 36}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 8}|{'-' * 9}|-------")
    for name, path in QUERIES.items():
        if args.only and args.only not in name:
            continue
        response = client.get(path)  # once to warm the caches
        assert response.status_code == 200, (path, response.status_code)
        html = response.content.decode()
        found = html.split('class="result-count" role="status">', 1)[-1].split("<", 1)[0].strip()
        walls, cpus = [], []
        for number in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                wall, cpu = time.perf_counter(), time.process_time()
                # A parameter the page ignores, so that no page cache can answer in its place.
                client.get(f"{path}&bench={number}")
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
        print(
            f"| {name:34} | {statistics.median(walls):7.1f} | {percentile(walls, 0.95):7.1f} | "
            f"{percentile(walls, 0.99):7.1f} | {statistics.median(cpus):6.1f} | {len(queries):>7} | {found[:60]}",
            flush=True,
        )
    print(f"# load average after: {os.getloadavg()[0]:.2f}; database: {url.split('@')[-1]}")


if __name__ == "__main__":
    main()
