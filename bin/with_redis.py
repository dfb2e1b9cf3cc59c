#!/usr/bin/env python3
"""Run a command against a throwaway Redis server (Debian's `redis-server`).

    python bin/with_redis.py pytest -q

redis-server listens on a free port on 127.0.0.1, keeping nothing on disk, and the command runs
with CACHE_URL=redis://127.0.0.1:<port>/0 (Django's own Redis cache backend, see settings.py).
The server and its folder are gone afterwards, whether the command passed, failed or was
interrupted. Without redis-server the command runs without it (the cache stays in local
memory) after a message, unless NEWSROOM_REQUIRE_REDIS=1, where that is a failure (.ci/run
installs redis-server).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import throwaway


def main(command):
    binary = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/sbin:/usr/bin")
    if binary is None:
        if throwaway.required("redis-server (Debian's redis-server package)", "NEWSROOM_REQUIRE_REDIS"):
            return 1
        return throwaway.run(command)
    folder = tempfile.mkdtemp(prefix="newsroom-redis-")
    port = throwaway.free_port()
    log = Path(folder) / "server.log"
    throwaway.stop_on_sigterm()
    process = None
    try:
        process = subprocess.Popen(
            # No snapshots, no append-only file: a cache that lives as long as the command.
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", folder, "--save", "", "--appendonly", "no",
             "--logfile", str(log)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        if not throwaway.wait_until_listening(port, process):
            print(f"Could not start redis-server:\n{log.read_text() if log.exists() else ''}", file=sys.stderr)
            return 1
        print(f"Throwaway Redis on 127.0.0.1:{port}")
        return throwaway.run(command, CACHE_URL=f"redis://127.0.0.1:{port}/0")
    finally:
        if process is not None:
            throwaway.stop(process)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
