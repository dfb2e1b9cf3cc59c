"""`make serve` for real: bin/serve.py in production mode, gunicorn answering on a free port.

One server for the module (migrate, collectstatic and the deploy checks take a few seconds), on
a database, static and media folders of its own: never the checkout's var/.
"""

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEN_YEARS = 315360000


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, **headers):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - a local test server
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# What the test process may carry that a production server must not inherit: the browser tests
# set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which `check --deploy` rightly refuses.
NOT_INHERITED = {
    "DEBUG",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "WEB_CONCURRENCY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def serve_environment(folder, **extra):
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(
        SECRET_KEY="serving-test-key-serving-test-key-serving-test-key-0123456789",
        LOCAL_HTTP="1",
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        WEB_CONCURRENCY="2",
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    log = folder / "stdout.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "bin/serve.py"],
            cwd=ROOT,
            env=serve_environment(folder, PORT=str(port)),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own, as a terminal gives make serve
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"make serve stopped ({process.returncode}):\n{log.read_text()}")
            try:
                if fetch(f"{base}/es/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"make serve did not answer within 90 s:\n{log.read_text()}")
            time.sleep(0.3)
        yield {"base": base, "process": process, "log": log, "static": folder / "static", "folder": folder}
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def hashed(server, name):
    manifest = json.loads((server["static"] / "staticfiles.json").read_text())
    return f"/static/{manifest['paths'][name]}"


def test_pages_are_served_with_debug_off(server):
    status, _headers, body = fetch(f"{server['base']}/es/no-such-page/")
    assert status == 404
    assert b"URLconf" not in body  # Django's technical 404 page would mean DEBUG is on
    status, _headers, body = fetch(f"{server['base']}/admin/login/")
    assert status == 200 and b'name="csrfmiddlewaretoken"' in body


def test_css_has_a_hashed_name_and_is_cached_for_good_and_compressed(server):
    status, _headers, page = fetch(f"{server['base']}/es/")
    css = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert status == 200 and css, page[:2000]
    assert css.group(1).decode() == hashed(server, "css/site.css")

    status, headers, body = fetch(server["base"] + css.group(1).decode(), **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers["Cache-Control"] == f"max-age={TEN_YEARS}, public, immutable"
    assert headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
    plain = (ROOT / "static" / "css" / "site.css").stat().st_size
    assert len(body) < plain / 2


def test_files_under_their_own_names_are_cached_briefly(server):
    status, headers, _body = fetch(f"{server['base']}/static/css/site.css")
    assert status == 200
    assert headers["Cache-Control"] == "max-age=60, public"


def test_admin_scripts_for_the_language_tabs_are_served(server):
    for name in ("vendor/jquery-ui/jquery-ui.min.js", "modeltranslation/js/tabbed_translation_fields.js"):
        status, headers, _body = fetch(server["base"] + hashed(server, name))
        assert status == 200, name
        assert "immutable" in headers["Cache-Control"]


def test_each_request_is_logged_once_on_standard_output(server):
    marker = f"/es/logged-once-{time.monotonic_ns()}/"
    assert fetch(server["base"] + marker)[0] == 404
    time.sleep(0.5)
    lines = [line for line in server["log"].read_text().splitlines() if marker in line]
    # gunicorn's access line, and Django's warning about the 404: one each.
    assert len([line for line in lines if '"GET ' in line]) == 1, lines
    assert len([line for line in lines if "Not Found" in line]) == 1, lines


def test_preview_link_tokens_never_reach_the_log(server):
    token = f"previewtoken{time.monotonic_ns()}"
    for path in (f"/es/comunicados/vista-previa/{token}/", f"/en/releases/preview/{token}/"):
        assert fetch(server["base"] + path)[0] == 404
    time.sleep(0.5)
    log = server["log"].read_text()
    assert token not in log
    assert "/es/comunicados/vista-previa/[redacted]/" in log and "/en/releases/preview/[redacted]/" in log


def test_without_a_secret_key_nothing_starts(tmp_path):
    env = serve_environment(tmp_path, PORT=str(free_port()))
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "bin/serve.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "SECRET_KEY must be set" in result.stderr
    assert "Listening at" not in result.stdout + result.stderr


def test_a_change_made_by_another_process_reaches_every_worker_within_a_second(server):
    """The page cache of each worker (newsroom/pagecache.py) drops its pages once another process
    commits a change: the generation is shared through the default cache, a folder beside the data."""
    folder = server["folder"]
    organisations = f"{server['base']}/es/organizaciones/"
    before = [fetch(organisations) for _ in range(12)]  # both workers keep the page
    assert all(status == 200 and b"Red Recien Llegada" not in body for status, _headers, body in before)
    assert before[-1][1]["Cache-Control"].startswith("public")
    if not os.environ.get("CACHE_URL"):
        assert (folder / "db-cache").is_dir()  # the shared cache, beside the data and not in the checkout
    # Listed by an editor: an organisation no published release names is otherwise not public.
    change = (
        "from contacts.models import Organisation as O; "
        "O.objects.create(name_es='Red Recien Llegada', slug='rrl', is_listed=True)"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", change], cwd=ROOT, env=serve_environment(folder), check=True
    )
    time.sleep(1.2)  # NEWSROOM_PAGE_CACHE_CHECK_SECONDS
    after = [fetch(organisations) for _ in range(12)]
    assert all(status == 200 and b"Red Recien Llegada" in body for status, _headers, body in after)


def children_of(pid):
    """{pid: command line} of the processes whose parent is `pid` (Linux /proc)."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue  # a process that ended meanwhile
        if parent == pid:
            children[int(stat.parent.name)] = command
    return children


def descendants_of(pid):
    found = children_of(pid)
    for child in list(found):
        found.update(descendants_of(child))
    return found


def process_state(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return process_state(pid) not in ("Z", "gone")


def start_without_setup(server, port):
    """A second make serve on the first one's database and static files (already set up)."""
    return subprocess.Popen(
        [sys.executable, "bin/serve.py", "--no-setup"],
        cwd=ROOT,
        env=serve_environment(server["folder"], PORT=str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a group of its own, to leave nothing behind if a test fails
    )


def kill_group(process):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def test_the_alerts_worker_runs_beside_gunicorn(server):
    commands = children_of(server["process"].pid).values()
    assert len([command for command in commands if "gunicorn" in command]) == 1
    assert len([command for command in commands if "send_alerts --loop" in command]) == 1
    log = server["log"].read_text()
    assert "Sending alerts every 10 seconds" in log or "Enviando alertas cada 10 segundos" in log


def test_the_release_cards_are_made_beside_the_server_and_the_process_collected(server):
    deadline = time.monotonic() + 60
    while not re.search("release cards made|tarjetas de comunicados hechas", server["log"].read_text()):
        assert time.monotonic() < deadline, server["log"].read_text()
        time.sleep(0.2)
    time.sleep(0.5)
    assert not [pid for pid in children_of(server["process"].pid) if not alive(pid)]  # no zombie left


def test_a_term_to_its_pid_stops_gunicorn_and_the_worker(server):
    port = free_port()
    process = start_without_setup(server, port)
    try:
        deadline = time.monotonic() + 60
        while len(children_of(process.pid)) < 2 or fetch_status(f"http://127.0.0.1:{port}/es/") != 200:
            assert process.poll() is None and time.monotonic() < deadline, process.stdout.read()
            time.sleep(0.3)
        children = list(children_of(process.pid))
        process.send_signal(signal.SIGTERM)  # to its pid alone, as systemd or `kill <pid>` does
        assert process.wait(timeout=30) == 0
        assert not [pid for pid in children if alive(pid)]
    finally:
        kill_group(process)


def test_a_term_as_it_starts_is_a_clean_stop(server):
    """Stopped while still starting (systemd's stop right after a start): gunicorn or the worker,
    told before they set their own handlers, end by the signal itself, and that is no failure."""
    process = start_without_setup(server, free_port())
    try:
        deadline = time.monotonic() + 60
        while len(children_of(process.pid)) < 2:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, process.stdout.read()
    finally:
        kill_group(process)


def test_when_gunicorn_cannot_start_the_worker_is_stopped_too(server):
    port = int(server["base"].rsplit(":", 1)[1])  # taken by the module's server
    process = start_without_setup(server, port)
    try:
        output, _ = process.communicate(timeout=60)
    finally:
        kill_group(process)
    assert process.returncode != 0
    assert "gunicorn stopped" in output and "stopping the rest" in output


def fetch_status(url):
    try:
        return fetch(url)[0]
    except OSError:
        return None


def test_ctrl_c_stops_the_master_and_every_worker_at_once(server):
    """Last in this module: it stops the server, as Ctrl+C in a terminal does (SIGINT to the group),
    with browsers' connections kept open."""
    port = int(server["base"].rsplit(":", 1)[1])
    browsers = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(8)]
    for connection in browsers:
        connection.request("GET", "/es/")
        assert connection.getresponse().read()
    os.killpg(server["process"].pid, signal.SIGINT)
    try:
        assert server["process"].wait(timeout=15) == 0
    except subprocess.TimeoutExpired:
        left = {pid: (command, process_state(pid)) for pid, command in descendants_of(server["process"].pid).items()}
        pytest.fail(f"still running 15 s after Ctrl+C: {left}\n{server['log'].read_text()[-6000:]}")
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(server["process"].pid, 0)  # no worker left behind
    log = server["log"].read_text()
    assert "Shutting down: Master" in log and "SIGKILL" not in log


def test_workers_leave_what_the_master_loaded_out_of_garbage_collection():
    import gc
    import runpy

    config = runpy.run_path(str(ROOT / "newsroom" / "gunicorn.conf.py"))
    assert config["preload_app"]  # the application is loaded in the master, before the forks
    assert gc.get_freeze_count() == 0
    try:
        config["when_ready"](None)  # gunicorn calls it in the master once loaded, before forking
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
