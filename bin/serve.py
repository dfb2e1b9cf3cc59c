#!/usr/bin/env python3
"""`make serve`: the newsroom in production mode on this machine.

    SECRET_KEY=… LOCAL_HTTP=1 .venv/bin/python bin/serve.py      # what make serve runs

With DEBUG off whatever the environment says: migrate, collect the static files (hashed and
compressed), run Django's deployment checks (errors stop the start; warnings are printed), then
run gunicorn with newsroom/gunicorn.conf.py and, beside it, the email alerts' worker
(`manage.py send_alerts --loop`), and, once, `manage.py make_cards` at the lowest CPU priority
(the release cards missing or made by another version of the code: releases/cards.py; pages
render those as they go meanwhile). Ctrl+C (SIGINT to the terminal's process group) or a TERM to
this pid stops both cleanly: gunicorn finishes the requests in flight, the worker the message in
hand. If either stops on its own, the other is stopped too and this exits with its status, so a
process manager (systemd, a container) sees the failure and restarts the whole. Every setting
comes from the environment (README, "Configuration").

    --no-setup    start at once (bench/load.py, after doing the steps itself)
    --no-worker   gunicorn alone, without the alerts' worker: this process becomes gunicorn
                  (bench/load.py measures the server's CPU time from its pid)
"""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "newsroom" / "gunicorn.conf.py"


def prepare():
    """Migrate, collect static files and check, in this process; False if the start must stop."""
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(f"make serve: {error}", file=sys.stderr)
        return False
    from django.db import connections

    try:
        call_command("migrate", interactive=False)
        call_command("collectstatic", interactive=False, verbosity=1)
        # After migrate: checks may look at the data (e.g. refuse the demo's passwords).
        call_command("check", deploy=True, databases=["default"], fail_level="ERROR")
    except SystemCheckError as error:
        print(f"make serve: the deployment checks failed; nothing was started.\n{error}", file=sys.stderr)
        return False
    finally:
        connections.close_all()
    from django.conf import settings

    if not settings.SITE_URL:
        print(
            "make serve: set SITE_URL (e.g. https://prensa.example.org): the alerts' worker links every "
            "message to the site.",
            file=sys.stderr,
        )
        return False
    return True


def run_beside(commands):
    """Run the commands ({name: argv}) side by side until one stops or this process is told to;
    then stop the others, wait for all, and give the status to exit with."""
    children, stopping = {}, []

    def stop(signum, frame):
        stopping.append(signum)
        for child in children.values():  # a TERM to this pid alone must reach them too
            if child.poll() is None:
                child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for name, command in commands.items():
        children[name] = subprocess.Popen(command)
    while not stopping and all(child.poll() is None for child in children.values()):
        time.sleep(0.2)
    if stopping:
        # A child told to stop before it set its own handlers (still starting) ends by the signal itself.
        stopped = {0, -stopping[0]}
        return 0 if all(child.wait() in stopped for child in children.values()) else 1
    name, first = next((name, child) for name, child in children.items() if child.returncode is not None)
    print(f"make serve: {name} stopped (status {first.returncode}); stopping the rest.", file=sys.stderr, flush=True)
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    for child in children.values():
        child.wait()
    return first.returncode if first.returncode > 0 else 1


def main(argv):
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if "--no-setup" not in argv and not prepare():
        return 1
    making_cards = None if "--no-setup" in argv else make_cards()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
    if gunicorn is None:
        print("make serve: gunicorn is not installed (pip install -r requirements.txt).", file=sys.stderr)
        return 1
    sys.stdout.flush()
    sys.stderr.flush()
    server = [gunicorn, "--config", str(GUNICORN_CONFIG)]
    if "--no-worker" in argv:
        os.execv(gunicorn, server)  # noqa: S606 - becomes gunicorn, by path
    worker = [sys.executable, str(ROOT / "manage.py"), "send_alerts", "--loop"]
    status = run_beside({"gunicorn": server, "the alerts' worker": worker})
    if making_cards is not None and making_cards.poll() is None:
        making_cards.terminate()  # the cards it made are stored; the rest are made at the next start
        making_cards.wait()
    return status


def make_cards():
    """Start `manage.py make_cards` beside the server, at the lowest CPU priority: after an upgrade
    every stored card is made again, which at 100,000 releases takes minutes of one core."""
    child = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "make_cards"])
    os.setpriority(os.PRIO_PROCESS, child.pid, 19)
    # Collected as soon as it ends, rather than left a zombie for as long as the server runs.
    threading.Thread(target=child.wait, daemon=True).start()
    return child


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
