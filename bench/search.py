#!/usr/bin/env python
"""Time search on a newsroom made by bench/generate.py: the whole page, and the search alone.

    DATABASE_URL=sqlite:////tmp/newsroom-bench/20000.sqlite3 .venv/bin/python bench/search.py
    .venv/bin/python bin/with_postgres.py .venv/bin/python bench/search.py --releases 100000

Without DATABASE_URL the SQLite file of --releases in --data is used, generated first if it does
not exist yet (as bench/load.py does); with a DATABASE_URL of an empty database, it is filled
there first. Then each kind of query below is timed --repeat times, in-process:
- the page: the search page through Django's test client (form, filters, archive, count,
  results, snippets, template), wall-clock p50/p95/p99 and this process's CPU time;
- the search alone: what the page does because it is a search page (releases/search/: the
  count, the page's releases with what a result shows, their snippets), p50/p95 wall-clock, and
  of that the time spent waiting for the database's answers ("in DB": the queries' own cost,
  what the planner's choices change; the rest is Django building queries and rows in Python).
The difference is the page around the results: the archive and filter choices of every list,
which the rest of issue 9 makes flat. Those rows show one page again and again, its cards kept
after the first; the last row searches each organisation's name once, so that most of its
results are cards this process has not made yet (a journalist's first search on a subject, or
any search right after a change to the newsroom): it reads them from the stored cards
(releases/cards.py) that bench/generate.py makes, or renders those not made or not current.
On PostgreSQL the database's own work happens in its server's processes, so read the wall-clock
times there, beside the load average printed with them: the machine may be busy with other work.
Its tables and indexes are read into its memory first (prewarm()), as a server that has been
running holds them; run it against a cluster set up as for production (bin/with_postgres.py
--keep gives one a quarter of the machine's memory for them).
"""

import argparse
import datetime
import gc
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, quote_plus, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the project: bench/alerts.py is not the alerts app

import prose  # noqa: E402 - bench/ is on the path only from here

QUERIES = {
    "common word (half the releases)": f"/es/buscar/?q={prose.COMMON_WORD}",
    "common word, page 5": f"/es/buscar/?q={prose.COMMON_WORD}&page=5",
    "common word, English page": f"/en/search/?q={prose.COMMON_WORD}",
    "rare word (1 in 1,000)": f"/es/buscar/?q={prose.RARE_WORD}",
    # In between: a word of the organisations' names (bench/generate.py), in about 1 in 20.
    "a word in 1 of 20 releases": "/es/buscar/?q=instituto",
    "two words": f"/es/buscar/?q={prose.COMMON_WORD}+transparencia",
    "common and rare word": f"/es/buscar/?q={prose.COMMON_WORD}+{prose.RARE_WORD}",
    "word in every release": "/es/buscar/?q=organizaciones",
    "no match": "/es/buscar/?q=zzyzx",
    "common word, filtered by topic": f"/es/buscar/?q={prose.COMMON_WORD}&topic=privacidad",
    # Organisations' names (bench/generate.py makes them from the same words every time): words
    # that come together in headlines only, and words that come together in no headline.
    "a name found in headlines only": "/es/buscar/?q=Centro+Ciudadano+de+Transparencia",
    "a name found in no headline": "/es/buscar/?q=Alianza+contra+la+Vigilancia",
    # The same narrowed by a topic (filtered searches walk the topic's releases: pages.py).
    "two words, filtered by topic": f"/es/buscar/?q={prose.COMMON_WORD}+transparencia&topic=privacidad",
    "a name in no headline, by topic": "/es/buscar/?q=Alianza+contra+la+Vigilancia&topic=privacidad",
    "a headline-only name, by topic": "/es/buscar/?q=Centro+Ciudadano+de+Transparencia&topic=privacidad",
    # Narrowed by one of the 30 issuing organisations (bench/generate.py: each issues about 1 in 23).
    "common word, by an organisation": f"/es/buscar/?q={prose.COMMON_WORD}&organisation=org-3",
    "two words, by an organisation": f"/es/buscar/?q={prose.COMMON_WORD}+transparencia&organisation=org-3",
    # Words of middling frequency narrowed by an organisation or a topic that seldom uses them
    # (the README's "Why issue 9 stays open"): fewer than 101 match, so the count tests every
    # release of the organisation or topic.
    "a word in 1 of 20, by an organisation": "/es/buscar/?q=instituto&organisation=org-3",
    "a word in 1 of 20, by topic": "/es/buscar/?q=instituto&topic=privacidad",
    "a headline-only name, by an organisation": "/es/buscar/?q=Centro+Ciudadano+de+Transparencia&organisation=org-3",
}
FIRST_SIGHT = "each organisation's name once"


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


def search_alone(path):
    """A function doing what the search page does for `path` because it is a search page."""
    from django.utils import translation

    from releases.models import Release
    from releases.search import SearchPaginator

    url = urlsplit(path)
    language, parameters = url.path.split("/")[1], parse_qs(url.query)

    def found(in_headline=None):
        found = Release.objects.search(parameters["q"][0], language, in_headline=in_headline)
        if "topic" in parameters:
            found = found.filter(topics__slug=parameters["topic"][0])
        return found

    def run():
        with translation.override(language):
            # As the page reads them: headline matches and the others apart (releases/search/pages.py).
            def groups():
                return [found(True), found(False)]

            windowed = "topic" not in parameters  # as the page does without filters
            paginator = SearchPaginator(found().with_listing_related(), 20, groups=groups, windowed=windowed)
            page = paginator.page(int(parameters.get("page", ["1"])[0]))
            return [(release.snippet, list(release.issuing_organisation_rows.all())) for release in page]

    return run


class DatabaseTime:
    """The time spent waiting for the database's answers (connection.execute_wrapper)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def timed(function, repeat):
    """(wall-clock ms, CPU ms of this process, ms waiting for the database) of each call."""
    from django.db import connection

    walls, cpus, databases = [], [], []
    for number in range(repeat):
        database = DatabaseTime()
        with connection.execute_wrapper(database):
            wall, cpu = time.perf_counter(), time.process_time()
            function(number)
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        databases.append(database.seconds * 1000)
    return walls, cpus, databases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=20000, help="the size to generate if there is no data")
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsroom-bench"))
    # p95 of 30 requests is the second slowest: one pause of the machine decides it.
    parser.add_argument("--repeat", type=int, default=100)
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
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from contacts.models import Organisation
    from releases.models import Release

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages name their hashed files
    prewarmed = prewarm(connection) if connection.vendor == "postgresql" else ""
    published = Release.objects.published().count()
    client = Client()
    print(
        f"# {datetime.date.today()} {platform.node()} ({os.cpu_count()} CPUs), {connection.vendor}, "
        f"{published:,} published releases; {args.repeat} requests each; load average {os.getloadavg()[0]:.2f}"
        f"{prewarmed}"
    )
    print(
        f"| {'query':40} | {'page p50':>8} | {'p95':>6} | {'p99':>6} | {'CPU':>5} | {'queries':>7} "
        f"| {'search p50':>10} | {'p95':>5} | {'in DB p50':>9} | {'p95':>5} | result"
    )
    print("|" + "|".join("-" * width for width in (42, 10, 8, 8, 7, 9, 12, 7, 11, 7, 7)))
    # As make serve's workers do (newsroom/gunicorn.conf.py): what is loaded before the first
    # request is left out of the garbage collector's sweeps.
    gc.freeze()
    for name, path in QUERIES.items():
        if args.only and args.only not in name:
            continue
        response = client.get(path)  # once to warm the caches
        assert response.status_code == 200, (path, response.status_code)
        html = response.content.decode()
        found = html.split('class="result-count" role="status">', 1)[-1].split("<", 1)[0].strip()
        reset_queries()  # a request empties Django's list of queries: counted from an empty one
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        query_count = len(queries)
        # A parameter the page ignores, so that no page cache can answer in its place.
        walls, cpus, _databases = timed(lambda number, path=path: client.get(f"{path}&bench={number}"), args.repeat)
        run = search_alone(path)
        search_walls, _cpus, databases = timed(lambda number, run=run: run(), args.repeat)
        row(name, walls, cpus, query_count, search_walls, databases, found)
    if not args.only or args.only in FIRST_SIGHT:
        names = [
            f"/es/buscar/?q={quote_plus(name)}&sight=first"  # a page no row above asked for
            for name in Organisation.objects.order_by("pk").values_list("name", flat=True)
        ]
        reset_queries()
        with CaptureQueriesContext(connection) as queries:  # what a first sight costs in queries
            client.get(names[0])
        query_count, names = len(queries), names[1 : args.repeat + 1]
        walls, cpus, _databases = timed(lambda number: client.get(names[number]), len(names))
        search_walls, _cpus, databases = timed(lambda number: search_alone(names[number])(), len(names))
        row(FIRST_SIGHT, walls, cpus, query_count, search_walls, databases, f"{len(names)} names")
    print(f"# milliseconds; load average after: {os.getloadavg()[0]:.2f}; database: {url.split('@')[-1]}")


def prewarm(connection):
    """Reads the newsroom's tables and indexes into PostgreSQL's memory (pg_prewarm), as a server
    that has been running holds them; where the extension cannot be made, says so. Otherwise the
    first searches after a restart measure the disk, and the first sight of each organisation's
    name (cards of releases no row read before) most of all: 48 ms p50 against 21 warm."""
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except Exception as error:  # noqa: BLE001 - any reason: the run goes on cold, and says so
            return f"; not prewarmed ({error})"
        cursor.execute(
            "SELECT count(pg_prewarm(c.oid)), pg_size_pretty(sum(pg_relation_size(c.oid))) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN (current_schema(), 'pg_toast') AND c.relkind IN ('r', 'i', 't')"
        )
        relations, size = cursor.fetchone()
    return f"; {size} in {relations} tables and indexes read into the database's memory first"


def row(name, walls, cpus, query_count, search_walls, databases, found):
    print(
        f"| {name:40} | {statistics.median(walls):8.1f} | {percentile(walls, 0.95):6.1f} | "
        f"{percentile(walls, 0.99):6.1f} | {statistics.median(cpus):5.0f} | {query_count:>7} | "
        f"{statistics.median(search_walls):10.1f} | {percentile(search_walls, 0.95):5.1f} | "
        f"{statistics.median(databases):9.1f} | {percentile(databases, 0.95):5.1f} | {found[:50]}",
        flush=True,
    )


if __name__ == "__main__":
    main()
