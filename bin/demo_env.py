#!/usr/bin/env python3
"""`make run`'s first step: write `.env` for the local demo, once.

The file holds a SECRET_KEY of its own and DEBUG=1, so that `.venv/bin/python manage.py …`
works in any new shell, as the README writes it (newsroom/settings.py reads the file; a variable
set in the real environment wins). Readable by its owner only (0600): it holds a secret. An
existing file is never touched, whatever it holds.
"""

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TEMPLATE = """\
# Written by `make run` for the local demo; read by newsroom/settings.py. The real environment wins.
# Never copy this file to a server: production sets its own variables (README, "Configuration").
SECRET_KEY={secret_key}
DEBUG=1
"""


def write_env(path):
    """True when the file was written; False when one was already there."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(TEMPLATE.format(secret_key=secrets.token_urlsafe(50)))
    return True


def main(argv):
    path = Path(argv[0]) if argv else ROOT / ".env"
    if write_env(path):
        print(f"Wrote {path} (a SECRET_KEY of its own and DEBUG=1 for the local demo).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
