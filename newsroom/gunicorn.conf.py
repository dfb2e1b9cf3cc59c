"""Gunicorn settings of `make serve` (bin/serve.py), which bench/load.py measures.

Why gthread, CPUs + 1 workers and 4 threads: the README, "Serving in production", with the figures
of sync and gthread workers loaded with wrk on the 2-core machine.
"""

import gc
import os
import signal


def _whole_number(name, default):
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name}={value!r} is not a whole number of at least 1.")
    return int(value)


bind = f"{os.environ.get('LISTEN_ADDRESS', '127.0.0.1').strip() or '127.0.0.1'}:{_whole_number('PORT', 8000)}"
wsgi_app = "newsroom.wsgi:application"

workers = _whole_number("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = 4
# Behind a proxy or CDN connections are reused; a thread holds an idle one this long.
keepalive = 5
timeout = 30
graceful_timeout = 20
# The application is imported once, in the master, before the workers are forked: a broken
# setting stops the start with one message instead of one per worker, and memory is shared.
preload_app = True

# Logs: gunicorn's error log and its access log on standard output, each line once (they do not
# propagate to the root logger, where Django's lines go), with preview-link tokens redacted.
accesslog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "newsroom.logs.RedactSecrets"}},
    "formatters": {
        "plain": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"},
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["redact"],
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "access",
            "filters": ["redact"],
        },
    },
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}

# gunicorn's control socket (gunicornc) is not used; one fixed path in $HOME would also be shared
# by every server on the machine (the bench, a second checkout).
control_socket_disable = True


def when_ready(server):
    """Leave what the master loaded (Django, the app, their modules: some 100,000 objects) out of
    the garbage collector's sweeps, in the workers forked from it.

    Python's full collection goes over every object tracked; in a worker it paused the request
    that set it off for about 40 ms (a results page takes 12). Frozen objects are neither swept nor
    collected, and as the collector no longer writes to them, the memory pages holding them stay
    shared with the master. Called once the application is loaded (preload_app), before any fork.
    """
    gc.freeze()


def post_worker_init(worker):
    """Quit once, however many times told.

    Ctrl+C in a terminal sends SIGINT to every process of the group, and the master passes it on
    to its workers as well. A gthread worker (gunicorn 27) that gets the second signal while the
    first one is shutting its threads down deadlocks on the thread pool's lock, until the master
    kills it graceful_timeout later ("Worker was sent SIGKILL!"). tests/test_serving.py stops the
    server with Ctrl+C to keep this true.
    """
    quit_now = worker.handle_quit

    def quit_once(sig, frame):
        if not getattr(worker, "quitting", False):
            worker.quitting = True
            quit_now(sig, frame)

    signal.signal(signal.SIGINT, quit_once)
    signal.signal(signal.SIGQUIT, quit_once)
