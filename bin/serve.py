#!/usr/bin/env python3
"""`make serve`: the newsroom in production mode on this machine.

    SECRET_KEY=… LOCAL_HTTP=1 .venv/bin/python bin/serve.py      # what make serve runs

With DEBUG off whatever the environment says: migrate, collect the static files (hashed and
compressed), run Django's deployment checks (errors stop the start; warnings are printed), then
this process becomes gunicorn with newsroom/gunicorn.conf.py, so Ctrl+C or a TERM to this pid
stops the server cleanly. Every setting comes from the environment (README, "Configuration").

    --no-setup    start gunicorn at once (bench/serve.py, after doing the steps itself)
"""

import os
import shutil
import sys
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
    return True


def main(argv):
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if "--no-setup" not in argv and not prepare():
        return 1
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
    if gunicorn is None:
        print("make serve: gunicorn is not installed (pip install -r requirements.txt).", file=sys.stderr)
        return 1
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(gunicorn, [gunicorn, "--config", str(GUNICORN_CONFIG)])  # noqa: S606 - becomes gunicorn, by path


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
