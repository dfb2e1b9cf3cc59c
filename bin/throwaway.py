"""What the bin/with_*.py wrappers share: a free port, waiting for a server, running the command.

Each wrapper starts one throwaway server on 127.0.0.1, runs its command with the environment
pointing at it, and stops it and removes its folder afterwards, whether the command passed,
failed or was interrupted. Wrappers nest:

    python bin/with_postgres.py python bin/with_redis.py python bin/with_s3.py pytest -q
"""

import os
import signal
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_on_sigterm():
    """SIGTERM (CI cancelling the job) must still run the `finally` that stops the server."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def required(what, requirement_variable):
    """The server is not installed: True where that is a failure (CI), else say how the run goes on."""
    if os.environ.get(requirement_variable) == "1":
        print(f"{what} not found, and {requirement_variable}=1.", file=sys.stderr)
        return True
    print(f"{what} not found: running without it (the tests that need it are skipped).")
    return False


def wait_until_listening(port, process, seconds=30):
    """True once 127.0.0.1:port accepts connections; False if `process` ends or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run(command, **environment):
    """Run the wrapped command with `environment` added; its exit status."""
    return subprocess.run(command, env=dict(os.environ, **environment)).returncode
