"""PostgreSQL restarts under load: requests caught in the restart get the short 503 page (never
a 500), no write that was answered as saved is lost, none is applied in part, and once the
database is back every request succeeds, on fresh and on kept connections alike.

Runs on the PostgreSQL leg of `make test`, which bin/with_postgres.py gives what a test needs
to restart its throwaway cluster (NEWSROOM_TEST_PG_*). CI requires that leg, so skipping here
on SQLite leaves nothing untested there.
"""

import os
import pwd
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

from releases.models import Topic
from tests.factories import make_release, make_staff

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("NEWSROOM_TEST_PG_CTL") or connection.vendor != "postgresql",
        reason="restarts the throwaway PostgreSQL cluster of bin/with_postgres.py (the PostgreSQL leg of make test)",
    ),
    pytest.mark.django_db(transaction=True),
]

WORKERS = 4
SECONDS_BEFORE_RESTART = 1.0
SECONDS_AFTER_RESTART = 2.0


def restart_postgres():
    user = os.environ.get("NEWSROOM_TEST_PG_USER")
    as_user = {}
    if user:
        entry = pwd.getpwnam(user)
        as_user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    command = [
        os.environ["NEWSROOM_TEST_PG_CTL"],
        "-D",
        os.environ["NEWSROOM_TEST_PG_DATA"],
        "-l",
        os.environ["NEWSROOM_TEST_PG_LOG"],
        "-m",
        "fast",
        "-w",
        "restart",
    ]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd="/", **as_user)


class Browser:
    """An editor's browser over plain HTTP: the session and CSRF cookies, and the CSRF token of
    the add-topic form."""

    def __init__(self, base, session_key):
        self.base = base
        self.opener = urllib.request.build_opener(_NoRedirects())
        self.cookie = f"sessionid={session_key}"
        with self.opener.open(self._request(reverse("admin:releases_topic_add")), timeout=30) as response:
            csrf_cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
            page = response.read().decode()
        self.cookie += f"; csrftoken={csrf_cookie}"
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def _request(self, path, data=None):
        request = urllib.request.Request(self.base + path, data=data)
        request.add_header("Cookie", self.cookie)
        request.add_header("Referer", self.base + "/admin/")
        return request

    def get(self, path):
        return self._open(self._request(path))

    def add_topic(self, name):
        data = urllib.parse.urlencode(
            {"name_es": name, "name_en": name, "slug": name, "csrfmiddlewaretoken": self.token}
        ).encode()
        return self._open(self._request(reverse("admin:releases_topic_add"), data))

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run_load(browser, page, stop, results, worker):
    """GET a release page and save topics until told to stop; record (kind, status, name)."""
    number = 0
    while not stop.is_set():
        number += 1
        results.append(("page", browser.get(page)[0], None))
        name = f"w{worker}-{number}"
        results.append(("save", browser.add_topic(name)[0], name))


@pytest.fixture
def reconnect_afterwards():
    """If the test fails before its own requests renew this thread's connection, renew it for
    the database clean-up that follows."""
    yield
    if not connection.is_usable():
        connection.close()


def test_a_database_restart_under_load_gives_503_and_loses_nothing(live_server, client, reconnect_afterwards):
    release = make_release(title_es="Comunicado durante el reinicio")
    editor = make_staff("eva", "Editors")
    client.force_login(editor)
    session_key = client.cookies["sessionid"].value
    page = release.get_absolute_url()
    browsers = [Browser(live_server.url, session_key) for _ in range(WORKERS)]

    stop, results = threading.Event(), []
    workers = [
        threading.Thread(target=run_load, args=(browser, page, stop, results, number))
        for number, browser in enumerate(browsers)
    ]
    for worker in workers:
        worker.start()
    time.sleep(SECONDS_BEFORE_RESTART)
    restart_postgres()
    time.sleep(SECONDS_AFTER_RESTART)
    stop.set()
    for worker in workers:
        worker.join(timeout=60)

    statuses = {status for _kind, status, _name in results}
    assert statuses <= {200, 302, 503}, f"unexpected answers during the restart: {statuses}"
    assert 503 in statuses, "no request met the restart: the test did not test anything"
    assert any(status == 200 for kind, status, _ in results if kind == "page")

    # After recovery: nothing fails, on the live server's fresh connections...
    after = [(browser.get(page)[0], browser.add_topic(f"after-{n}")[0]) for n, browser in enumerate(browsers)]
    assert after == [(200, 302)] * WORKERS
    # ...and on a kept connection, as an app server worker holds one (CONN_MAX_AGE): at the
    # start of each request Django checks it (CONN_HEALTH_CHECKS) and replaces a dead one.
    # A real server does that through request_started, which the test client leaves out.
    close_old_connections()
    assert client.get(page).status_code == 200

    saved = {name for kind, status, name in results if kind == "save" and status == 302}
    refused = {name for kind, status, name in results if kind == "save" and status == 503}
    stored = set(Topic.objects.values_list("slug", flat=True))
    assert saved <= stored, f"answered as saved, but lost: {saved - stored}"
    # A save answered 503 was rolled back whole (or, if it had committed just before the
    # connection dropped, kept whole): never a topic without its English name.
    assert not Topic.objects.filter(slug__in=refused, name_en="").exists()
    assert Topic.objects.filter(slug__startswith="after-").count() == WORKERS
