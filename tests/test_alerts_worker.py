"""Exactly once, with real processes: `send_alerts` runs as a subprocess against a database of its
own (a SQLite file, or a fresh PostgreSQL database on the suite's server), is killed with SIGKILL
in the middle of a batch, and is run again; the real SMTP server counts what each recipient got.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.alerting import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
SUBSCRIBERS = 40
KILL_AT = 15

SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from alerts.models import AlertsStart, Subscription
from tests.factories import make_release
AlertsStart.objects.update(at=timezone.now() - timedelta(days=1))
confirmed = timezone.now() - timedelta(hours=1)
Subscription.objects.bulk_create(
    Subscription(email=f"p{{n}}@medio.example", everything=True, confirmed_at=confirmed) for n in range({SUBSCRIBERS})
)
make_release(published_at=timezone.now() - timedelta(minutes=1))
"""


@pytest.fixture
def database_url(tmp_path):
    """A database for the subprocesses, on the engine the suite runs on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        return
    import psycopg

    params = settings.DATABASES["default"]
    server = {"host": params["HOST"], "port": params["PORT"], "user": params["USER"], "password": params["PASSWORD"]}
    name = f"alerts_worker_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = f"{server['user']}:{server['password']}" if server["password"] else server["user"]
    yield f"postgres://{user}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=120, **kwargs)


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(database_url):
    with SmtpServer() as server:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": "worker-test-secret",
            "EMAIL_URL": f"smtp://127.0.0.1:{server.port}",
            "SITE_URL": "https://prensa.example.org",
            "ALERTS_LEASE_SECONDS": "3",
        }
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "shell", "--command", SETUP)

        reached, killed = threading.Event(), threading.Event()

        def kill_point(number):
            # Message KILL_AT is held unanswered until the worker is dead: killed while waiting
            # for the server, the worker has marked the earlier ones sent and this one not.
            if number == KILL_AT:
                reached.set()
                killed.wait(60)
                return "451 4.3.0 Connection lost"
            return None

        server.inbox.on_message = kill_point
        worker = subprocess.Popen([sys.executable, "manage.py", "send_alerts"], cwd=ROOT, env=env)
        try:
            assert reached.wait(90), "the worker never reached the kill point"
            worker.send_signal(signal.SIGKILL)
            worker.wait(30)
        finally:
            killed.set()
            if worker.poll() is None:
                worker.kill()
        assert worker.returncode == -signal.SIGKILL
        assert len(server.inbox.messages) == KILL_AT - 1

        server.inbox.on_message = None
        manage(env, "send_alerts", "--verbosity", "0")  # the dead worker's leases may still hold its batch
        time.sleep(3.5)  # now they have run out
        manage(env, "send_alerts", "--verbosity", "0")
        manage(env, "send_alerts", "--verbosity", "0")

    counts = server.inbox.count_by_recipient()
    assert len(counts) == SUBSCRIBERS, "an alert was lost"
    assert set(counts.values()) == {1}, f"sent twice: {[to for to, n in counts.items() if n > 1]}"
    assert len({message["Message-ID"] for message in server.inbox.messages}) == SUBSCRIBERS
