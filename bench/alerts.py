#!/usr/bin/env python
"""Time email alerts: one release to many confirmed subscribers, through a local SMTP server.

    .venv/bin/python bench/alerts.py [--subscribers 10000]
    .venv/bin/python bin/with_postgres.py .venv/bin/python bench/alerts.py

Builds a throwaway database (SQLite in a temporary folder, or the one DATABASE_URL names: use an
empty one), bulk-creates confirmed subscribers, times publishing a release (with and without
subscribers: publishing does no alert work, so the two should match), starts a real SMTP server
(aiosmtpd) on a free local port that counts what it accepts, and times `manage.py send_alerts`
run as its own process until every subscriber's message has been handed over. Timings are for
comparing changes on one machine; the tests never assert them.
"""

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class CountingHandler:
    """Accepts every message and counts recipients; parsing them would make the server the bottleneck."""

    def __init__(self):
        self.recipients = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def time_publish(actor, repeat=5):
    from django.utils import timezone

    from releases import services
    from releases.models import Release
    from tests.factories import make_release, ready_to_publish

    times = []
    for _ in range(repeat):
        release = ready_to_publish(make_release(status=Release.Status.DRAFT, published_at=None))
        start = time.perf_counter()
        services.release_publish(release=release, actor=actor, at=timezone.now() + timezone.timedelta(days=365))
        times.append(time.perf_counter() - start)
        Release.objects.filter(pk=release.pk).delete()
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="newsroom-bench-alerts-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{folder}/media")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "0"
    os.environ["SITE_URL"] = "https://prensa.example.org"
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"

    import django

    django.setup()
    from datetime import timedelta

    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from alerts.models import AlertsStart, Subscription
    from releases import services
    from releases.models import MediaContact, Release
    from tests.alerting import free_port
    from tests.factories import make_contact, make_organisation, make_release, make_staff, make_topic

    call_command("migrate", verbosity=0)
    editor = make_staff("bench-editor", "Editors")
    AlertsStart.objects.update(at=timezone.now() - timedelta(days=1))
    without = time_publish(editor)

    print(f"Creating {args.subscribers} confirmed subscribers in {connection.vendor} ...", file=sys.stderr)
    confirmed = timezone.now() - timedelta(hours=1)
    Subscription.objects.bulk_create(
        (
            Subscription(
                email=f"periodista{n}@medio.example",
                language="es" if n % 2 else "en",
                everything=True,
                confirmed_at=confirmed,
            )
            for n in range(args.subscribers)
        ),
        batch_size=1000,
    )
    with_subscribers = time_publish(editor)

    release = make_release(
        issuing_organisations=[make_organisation()],
        status=Release.Status.DRAFT,
        published_at=None,
        summary_en="One\nTwo",
        title_en="A release",
        body_en="Text.",
    )
    release.topics.add(make_topic())
    MediaContact.objects.create(release=release, press_contact=make_contact(), spokesperson=make_contact(), position=0)
    services.release_publish(release=release, actor=editor)
    connection.close()

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    handler, port = CountingHandler(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
        start = time.perf_counter()
        subprocess.run([sys.executable, "manage.py", "send_alerts"], cwd=ROOT, env=env, check=True)
        elapsed = time.perf_counter() - start
    finally:
        controller.stop()
    handed = len(set(handler.recipients))
    if handed != len(handler.recipients):
        print(f"{len(handler.recipients) - handed} messages went to a recipient twice", file=sys.stderr)

    print(f"database: {connection.vendor}")
    print(f"publish a release: {without:.1f} ms without subscribers, {with_subscribers:.1f} ms with {args.subscribers}")
    print(
        f"send_alerts: {handed} of {args.subscribers} messages handed to the SMTP server in {elapsed:.1f} s "
        f"({handed / elapsed:.0f} a second)"
    )
    return 0 if handed == args.subscribers else 1


if __name__ == "__main__":
    sys.exit(main())
