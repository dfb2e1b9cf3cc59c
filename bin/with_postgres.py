#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster made from the local binaries.

    python bin/with_postgres.py pytest -q
    python bin/with_postgres.py .venv/bin/python bench/pages.py

initdb creates a cluster in a temporary folder, the server listens on a free port on
127.0.0.1, the command runs with DATABASE_URL pointing at it, and the server is stopped and
the folder removed afterwards, whether the command passed, failed or was interrupted. The
command also gets NEWSROOM_TEST_PG_CTL, _DATA, _LOG and _USER, so that a test can restart the
cluster (pg_ctl restart) to see how the newsroom rides through it.

With `--keep FOLDER` first, the cluster lives in FOLDER instead and stays there: made the first
time, started again by later runs, with its databases (bench/load.py keeps one per archive size,
so 100,000 releases are generated once), and with a quarter of the machine's memory for its
pages, as a production server is set up (production_shared_buffers()):

    python bin/with_postgres.py --keep /tmp/newsroom-pg-bench .venv/bin/python bench/load.py --releases 1000,100000

Without PostgreSQL binaries the leg is skipped with a message, unless
NEWSROOM_REQUIRE_POSTGRES=1, where that is a failure. PostgreSQL refuses to run as root, so
as root the cluster is run by the `postgres` (or else `nobody`) system user.
"""

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

import throwaway


def find_binaries():
    for directory in [None, *sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)]:
        initdb = shutil.which("initdb", path=directory)
        pg_ctl = shutil.which("pg_ctl", path=directory)
        createdb = shutil.which("createdb", path=directory or os.path.dirname(pg_ctl or ""))
        if initdb and pg_ctl and createdb:
            return initdb, pg_ctl, createdb
    return None


def _version(path):
    try:
        return int(path.split("/")[-2])
    except ValueError:
        return 0


def production_shared_buffers():
    """PostgreSQL's memory for table and index pages as a production server is given it: a quarter
    of the machine's memory, the starting point PostgreSQL's documentation gives (its default, 128
    MB, is meant to start anywhere). A kept cluster holds benchmarks' archives (100,000 releases:
    2.5 GB), which measured with 128 MB the copying of pages in from the system's cache, and on a
    virtual machine whose host takes that cache back, reads from the disk."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(128, memory // 4 // 2**20)}MB"


def server_user():
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    sys.exit("Running as root and neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL.")


def main(command, keep=None):
    binaries = find_binaries()
    if binaries is None:
        if os.environ.get("NEWSROOM_REQUIRE_POSTGRES") == "1":
            print("PostgreSQL binaries (initdb, pg_ctl) not found, and NEWSROOM_REQUIRE_POSTGRES=1.", file=sys.stderr)
            return 1
        print("PostgreSQL binaries (initdb, pg_ctl) not found: the PostgreSQL leg was SKIPPED.")
        return 0
    initdb, pg_ctl, createdb = binaries
    user = server_user()
    as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []} if user else {}
    folder = os.path.abspath(keep) if keep else tempfile.mkdtemp(prefix="newsroom-pg-")
    os.makedirs(folder, exist_ok=True)
    data = os.path.join(folder, "data")
    existing = keep and os.path.exists(os.path.join(data, "PG_VERSION"))
    log = os.path.join(folder, "server.log")
    if user:
        os.chown(folder, user.pw_uid, user.pw_gid)
    port = throwaway.free_port()
    started = False
    throwaway.stop_on_sigterm()
    try:
        if not existing:
            subprocess.run(
                [initdb, "-D", data, "-U", "newsroom", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]
                + ["--no-sync"],
                check=True,
                stdout=subprocess.DEVNULL,
                cwd=folder,
                **as_user,
            )
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        if keep:
            options += f" -c shared_buffers={production_shared_buffers()}"
        subprocess.run(
            [pg_ctl, "-D", data, "-l", log, "-o", options, "-w", "start"],
            check=True,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            **as_user,
        )
        started = True
        # The database DATABASE_URL names, for commands that use it directly (tests make their own).
        if not existing:
            subprocess.run([createdb, "-h", "127.0.0.1", "-p", str(port), "-U", "newsroom", "newsroom"], check=True)
        print(f"{'Kept' if keep else 'Throwaway'} PostgreSQL on 127.0.0.1:{port} ({folder})")
        env = dict(
            os.environ,
            DATABASE_URL=f"postgres://newsroom@127.0.0.1:{port}/newsroom",
            # What tests/test_database_restart.py needs to restart this cluster under load.
            NEWSROOM_TEST_PG_CTL=pg_ctl,
            NEWSROOM_TEST_PG_DATA=data,
            NEWSROOM_TEST_PG_LOG=log,
            NEWSROOM_TEST_PG_USER=user.pw_name if user else "",
        )
        return subprocess.run(command, env=env).returncode
    except subprocess.CalledProcessError as error:
        print(f"Could not start PostgreSQL: {error}", file=sys.stderr)
        if os.path.exists(log):
            with open(log) as server_log:
                print(server_log.read(), file=sys.stderr)
        return 1
    finally:
        if started:
            subprocess.run(
                # A kept cluster is shut down cleanly (it runs with fsync off): a throwaway one need not be.
                [pg_ctl, "-D", data, "-m", "fast" if keep else "immediate", "-w", "stop"],
                cwd=folder,
                stdout=subprocess.DEVNULL,
                **as_user,
            )
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "--keep" and len(sys.argv) > 3:
        sys.exit(main(sys.argv[3:], keep=sys.argv[2]))
    sys.exit(main(sys.argv[1:]))
