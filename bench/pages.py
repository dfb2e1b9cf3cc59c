#!/usr/bin/env python
"""Time the public pages and feeds on a newsroom of a given size.

    .venv/bin/python bench/pages.py [--releases 300] [--repeat 20]

Builds a throwaway database (SQLite in a temporary folder, or the one DATABASE_URL names: use an
empty one), fills it with releases that each have several issuing organisations, contacts, links and topics, then
requests every kind of public page in-process and prints the median and 95th-percentile time
and the number of queries of each. Timings are for comparing changes on one machine; the tests
pin the query counts, never the times.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="newsroom-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{folder}/media")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from releases.models import Release, Topic
    from tests.factories import make_full_release

    print(f"Building {args.releases} releases in {connection.vendor} ...", file=sys.stderr)
    for _ in range(args.releases):
        make_full_release()
    release = Release.objects.published().first()
    organisation = release.issuing_organisations.first()
    topic = Topic.objects.first()

    pages = {
        "home": "/es/",
        "release list": "/es/comunicados/",
        "release list, filtered": f"/es/comunicados/?organisation={organisation.slug}",
        "release page": release.get_absolute_url(),
        "organisation page": organisation.get_absolute_url(),
        "topic page": topic.get_absolute_url(),
        "search": "/es/buscar/?q=comunicado",
        "press contacts": "/es/contactos-de-prensa/",
        "sitemap": "/sitemap.xml",
        "feed (RSS, all)": "/es/canales/rss/",
        "feed (Atom, organisation)": f"/es/canales/organizaciones/{organisation.slug}/atom/",
    }
    client = Client()
    print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url in pages.items():
        response = client.get(url)  # warm the caches once
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
        p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{name:28} {statistics.median(timings):10.1f} {p95:8.1f} {len(queries):8}")


if __name__ == "__main__":
    main()
