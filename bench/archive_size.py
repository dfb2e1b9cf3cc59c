#!/usr/bin/env python
"""Time, in-process, the pages whose cost must stay flat as the archive grows (issue 9).

    DATABASE_URL=sqlite:////tmp/newsroom-bench/1000.sqlite3 .venv/bin/python bench/generate.py --releases 1000
    DATABASE_URL=sqlite:////tmp/newsroom-bench/1000.sqlite3 .venv/bin/python bench/archive_size.py

Reads a database bench/generate.py filled (it writes nothing) and requests, with Django's test
client and DEBUG off, the release list (first page and 50th), the RSS feed, the newest release's
first topic and issuing organisation, and the newest month's archive: after one warm-up, the median and the slowest
time of --repeat requests, the median time spent in the database, and the queries of one. The
database's time is what grows with the archive when a page reads more than its own rows; the
rest is rendering, the same at any size, and what a busy machine makes noisy. Quicker to run
than bench/load.py (no server, no load tool); for comparing changes, never asserted.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pages():
    from django.utils import timezone

    from releases.models import Release

    newest = Release.objects.published().first()
    moment = timezone.localtime(newest.published_at)
    return {
        "release list": "/es/comunicados/",
        "release list, page 50": "/es/comunicados/?page=50",
        "RSS feed": "/es/canales/rss/",
        "topic page": newest.topics.first().get_absolute_url(),
        "organisation page": newest.issuing_organisations.first().get_absolute_url(),
        "month archive": f"/es/comunicados/{moment.year}/{moment.month:02d}/",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a database bench/generate.py filled.")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from releases.models import Release

    setup_test_environment()
    # Static files' names as written (no collectstatic here): what is timed is the page's own work.
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}).enable()
    client = Client()
    print(f"{Release.objects.count()} releases, {connection.vendor}")
    print(f"{'page':24} {'median ms':>10} {'max ms':>8} {'SQL ms':>8} {'queries':>8}")
    for name, url in pages().items():
        response = client.get(url, secure=True)  # the warm-up
        assert response.status_code == 200, (url, response.status_code)
        timings, in_database, queries = [], [], []
        for _ in range(args.repeat):
            sql = []
            with connection.execute_wrapper(lambda execute, *query, sql=sql: timed(execute, query, sql)):
                start = time.perf_counter()
                client.get(url, secure=True)
                timings.append((time.perf_counter() - start) * 1000)
            in_database.append(sum(sql))
            queries.append(len(sql))
        print(
            f"{name:24} {statistics.median(timings):10.1f} {max(timings):8.1f} "
            f"{statistics.median(in_database):8.1f} {queries[0]:8}"
        )


def timed(execute, query, sql):
    start = time.perf_counter()
    try:
        return execute(*query)
    finally:
        sql.append((time.perf_counter() - start) * 1000)


if __name__ == "__main__":
    main()
