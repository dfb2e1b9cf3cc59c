"""CPU time of the processes that serve a load test, read from Linux's /proc: the figure that
moves least when the machine is busy with other work (bench/load.py)."""

import os
import re
from pathlib import Path


def server_cpu_seconds(master):
    """User and system CPU time of the gunicorn master and its workers so far (Linux /proc)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        pid, parent = int(stat.parent.name), int(fields[1])
        if master in (pid, parent):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def database_cpu_seconds(postmaster):
    """{pid: CPU seconds} of the PostgreSQL backends serving clients (not autovacuum, the
    checkpointer and the other background processes, whose work is not the requests')."""
    seconds = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if int(fields[1]) == postmaster and re.search(r"postgres: \S+ \S+ [\w.:\[\]]+\(\d+\)", command):
            seconds[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def database_pid():
    """The PostgreSQL server's main process, when bin/with_postgres.py started it: its processes do
    the queries' work, which the app server's CPU time leaves out. None on SQLite (in-process)."""
    data = os.environ.get("NEWSROOM_TEST_PG_DATA")
    try:
        return int((Path(data) / "postmaster.pid").read_text().split()[0]) if data else None
    except (OSError, ValueError, IndexError):
        return None
