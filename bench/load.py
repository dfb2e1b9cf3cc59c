#!/usr/bin/env python
"""Load `make serve` with wrk on a newsroom of a given size: req/s, p50 and p99 per page.

    .venv/bin/python bench/load.py --releases 1000                     # SQLite
    .venv/bin/python bin/with_postgres.py .venv/bin/python bench/load.py --releases 1000
    .venv/bin/python bench/load.py --releases 1000,100000              # and the ratio per page
    .venv/bin/python bin/with_postgres.py --keep /tmp/newsroom-pg-bench \
        .venv/bin/python bench/load.py --releases 1000,100000

Starts the server exactly as `make serve` does (bin/serve.py: migrate, collectstatic, the deploy
checks, gunicorn with newsroom/gunicorn.conf.py and its access log; without the alerts' worker, which
does nothing here, so that the server's pid is gunicorn's master) on a free port, on a database
holding N releases made by bench/generate.py, then for each page: one request (status, bytes), a
warm-up run of wrk, discarded, and the measured run
`wrk -t THREADS -c CONNECTIONS -d DURATION --latency` (a page that takes over half a second alone:
one connection per CPU, no warm-up; the conns column says which). Pages: the release list (first
page and 50th), the newest release, the RSS feed and its headlines variant, the newest release's first
topic and issuing organisation, the newest month's archive, and search for a common and a rare word
(bench/prose.py). With DEBUG off the page cache is on (newsroom/pagecache.py): what wrk measures is
then mostly answers from memory; NEWSROOM_PAGE_CACHE=0 measures Django making every page.

Several sizes, comma-separated (`--releases 1000,100000`), are measured one after the other and
then compared: each page's req/s and CPU per request at every size against the first (issue 9:
at 100,000 releases, within 10% of the figure at 1,000).

The SQLite database is kept in --data (/tmp/newsroom-bench/<N>.sqlite3) and reused by later runs
of the same size. With DATABASE_URL set (bin/with_postgres.py's cluster), each size gets a
database of its own on that server (`newsroom_<N>`), generated when missing and reused when
there: with `bin/with_postgres.py --keep FOLDER` the cluster outlives the run, so 100,000
releases (4.5 minutes to generate on PostgreSQL) are generated once.
GUNICORN_CMD_ARGS (e.g. "--worker-class sync --workers 5") overrides the
server's settings, to compare them.

Columns: the time of one request alone; wrk's req/s, p50 and p99; and the CPU time the server's
processes spent per request during the measured run, and on PostgreSQL (bin/with_postgres.py's
cluster) the database server's too (on SQLite the queries run inside the server's processes).
req/s and latencies depend on everything else the machine is doing (the load average before and
after is printed with them); CPU per request much less so, which makes it the figure to compare
on a shared machine.
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import prose  # noqa: E402 - bench/ is on the path only from here
from cpu_time import database_cpu_seconds, database_pid, server_cpu_seconds  # noqa: E402 - the same

PYTHON = sys.executable
SLOW_MS = 500
NONE = dict.fromkeys(["p50", "p99", "cpu", "db_cpu"])


OFF = {"0", "false", "no", "off"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("bench/load.py needs wrk: sudo apt-get install -y wrk")
    print("Installing wrk (Debian package)...", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    )


def environment(args, releases, port):
    env = dict(os.environ)
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = postgres_database(env["DATABASE_URL"], releases)
    elif not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{args.data}/{releases}.sqlite3"
    env.update(
        SECRET_KEY="bench-only-not-a-secret-bench-only-not-a-secret-0123456789",
        LOCAL_HTTP="1",
        PORT=str(port),
        STATIC_ROOT=str(args.data / "static"),
        MEDIA_ROOT=str(args.data / "media"),
    )
    return env


def postgres_database(url, releases):
    """The URL of the database `<name>_<releases>` on the server `url` names: each size in a
    database of its own, created and generated when missing, reused when there (under another
    name until it is complete, so that an interrupted run is never reused)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{releases}"
    sized = urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(url, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Reusing the PostgreSQL database {name} (drop it to generate it again)", file=sys.stderr)
            return sized
        partial = sql.Identifier(f"{name}_partial")
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(partial))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(partial))
        env = dict(os.environ, DATABASE_URL=urlunsplit(parts._replace(path=f"/{name}_partial")))
        env.setdefault("SECRET_KEY", "bench-only")
        subprocess.run([PYTHON, "bench/generate.py", "--releases", str(releases)], cwd=ROOT, env=env, check=True)
        connection.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(partial, sql.Identifier(name)))
    return sized


def prepare_data(releases, env):
    """Generate the releases, unless a kept SQLite file already holds them (PostgreSQL: above)."""
    url = env["DATABASE_URL"]
    if not url.startswith("sqlite"):
        return
    path = Path(url.removeprefix("sqlite:///"))
    if path.exists():
        print(f"Reusing {path} (delete it to generate it again)", file=sys.stderr)
        return
    # Under another name until it is complete, so that an interrupted run is never reused.
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    subprocess.run(
        [PYTHON, "bench/generate.py", "--releases", str(releases)],
        cwd=ROOT,
        env=dict(env, DATABASE_URL=f"sqlite:///{partial}"),
        check=True,
    )
    partial.rename(path)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - the local server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def start_server(env, log):
    command = [PYTHON, "bin/serve.py", "--no-worker"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{env['PORT']}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server stopped; see {log.name}")
        try:
            if fetch(f"{base}/es/comunicados/")[0] == 200:
                return process, base
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    sys.exit(f"The server did not answer within 180 s; see {log.name}")


def stop_server(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


def pages(base):
    """{key: (name, path)} of the pages measured."""
    status, html = fetch(f"{base}/es/comunicados/")
    newest = re.search(rb'href="(/es/comunicados/\d{4}/\d{2}/[^"/]+/)"', html)
    if status != 200 or newest is None:
        sys.exit("Could not find a release on the list page.")
    month = re.search(rb'href="(/es/comunicados/\d{4}/\d{2}/)"', html)
    status, page = fetch(base + newest.group(1).decode())
    organisation = re.search(rb'href="(/es/organizaciones/[^"/]+/)"', page)
    topic = re.search(rb'href="(/es/temas/[^"/]+/)"', page)
    if status != 200 or not (month and organisation and topic):
        sys.exit("Could not find an archive month, an organisation and a topic from the newest release.")
    return {
        "list": ("release list, page 1", "/es/comunicados/"),
        "release": ("newest release", newest.group(1).decode()),
        "feed": ("RSS feed (30 full items)", "/es/canales/rss/"),
        "headlines": ("RSS headlines (20 summaries)", "/es/canales/titulares/rss/"),
        "topic": ("topic page (its newest release's)", topic.group(1).decode()),
        "organisation": ("organisation page (its issuer's)", organisation.group(1).decode()),
        "archive": ("archive of the newest month", month.group(1).decode()),
        "list-page-50": ("release list, page 50", "/es/comunicados/?page=50"),
        "search-common": (f"search, common word ({prose.COMMON_WORD})", f"/es/buscar/?q={prose.COMMON_WORD}"),
        "search-rare": (f"search, rare word ({prose.RARE_WORD})", f"/es/buscar/?q={prose.RARE_WORD}"),
    }


def wait_until_idle(master, limit=180):
    """Let requests left over from the last run (wrk stops waiting, the server does not) finish."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = server_cpu_seconds(master)
        time.sleep(0.5)
        if server_cpu_seconds(master) - before < 0.05:
            return


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load(url, args, master, connections, database=None):
    wrk = ["wrk", f"-t{min(args.threads, connections)}", f"-c{connections}", "--timeout", "60s"]
    if args.close:
        wrk += ["--header", "Connection: close"]
    if connections == args.connections:
        subprocess.run([*wrk, f"-d{args.warmup}", url], capture_output=True, check=False)
    cpu, db_cpu = server_cpu_seconds(master), database and database_cpu_seconds(database)
    output = subprocess.run([*wrk, f"-d{args.duration}", "--latency", url], capture_output=True, text=True).stdout
    cpu = server_cpu_seconds(master) - cpu
    if database:  # backends that ended meanwhile are lost: the server keeps its connections (CONN_MAX_AGE)
        db_cpu = sum(seconds - db_cpu.get(pid, 0) for pid, seconds in database_cpu_seconds(database).items())
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: (.*)", output)
    completed = re.search(r"^\s+(\d+) requests in", output, re.M)
    if not (rate and p50 and p99 and completed):
        return {"rate": 0.0, **NONE, "errors": "wrk: " + output.strip()[-200:]}
    if completed.group(1) == "0":
        return {"rate": 0.0, **NONE, "errors": f"none completed in {args.duration}"}
    return {
        "rate": float(rate.group(1)),
        # Less sensitive to what else the machine runs than req/s: the server's own CPU per request,
        # and PostgreSQL's (SQLite's work is in the server's).
        "cpu": cpu * 1000 / int(completed.group(1)),
        "db_cpu": db_cpu * 1000 / int(completed.group(1)) if database else None,
        "p50": milliseconds(p50.group(1)),
        "p99": milliseconds(p99.group(1)),
        "errors": ", ".join(filter(None, [errors and f"{errors.group(1)} non-2xx", sockets and sockets.group(1)])),
    }


def measure(args, releases):
    """Start a server on a newsroom of `releases`, load each page, print its table: {key: result}."""
    env = environment(args, releases, free_port())
    prepare_data(releases, env)
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    log_path = args.data / "serve.log"
    with log_path.open("wb") as log:
        process, base = start_server(env, log)
    results = {}
    try:
        paths = pages(base)
        if args.only:
            paths = {key: paths[key] for key in args.only.split(",")}
        load_before = os.getloadavg()
        print(
            f"# {datetime.date.today()} {platform.node()} ({os.cpu_count()} CPUs), {database}, "
            f"{releases:,} releases; make serve's gunicorn "
            f"{env.get('GUNICORN_CMD_ARGS') or '(newsroom/gunicorn.conf.py)'}; "
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration} (warm-up {args.warmup})"
            f"{', Connection: close' if args.close else ''}; "
            f"page cache {'off' if env.get('NEWSROOM_PAGE_CACHE', '').strip().lower() in OFF else 'on'}; "
            f"load average {load_before[0]:.2f}"
        )
        print(
            f"| {'page':40} | {'bytes':>7} | {'1 request ms':>12} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} "
            f"| {'CPU ms/req':>10} | {'DB CPU ms/req':>13} | {'conns':>5} | errors"
        )
        print(f"|{'-' * 42}|{'-' * 9}|{'-' * 14}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 12}|{'-' * 15}|{'-' * 7}|-------")
        for key, (name, path) in paths.items():
            wait_until_idle(process.pid)
            started = time.perf_counter()
            status, body = fetch(base + path)
            alone = (time.perf_counter() - started) * 1000
            if status != 200:
                print(f"| {name:40} | status {status}: not measured")
                continue
            # A page that takes seconds would leave CONNECTIONS requests queued in the server when
            # wrk stops, for minutes, spoiling the next rows: load it one connection per CPU.
            connections = args.connections if alone < SLOW_MS else os.cpu_count()
            result = results[key] = {"name": name, **load(base + path, args, process.pid, connections, database_pid())}
            p50, p99, cpu, db_cpu = (
                f"{result[key]:.1f}" if result[key] is not None else "-" for key in ("p50", "p99", "cpu", "db_cpu")
            )
            print(
                f"| {name:40} | {len(body):>7} | {alone:>12.1f} | {result['rate']:>7.1f} | {p50:>7} | {p99:>7} | "
                f"{cpu:>10} | {db_cpu:>13} | {connections:>5} | {result['errors']}",
                flush=True,
            )
        print(f"# load average after: {os.getloadavg()[0]:.2f}; server log: {log_path}")
    finally:
        stop_server(process)
    return results


def print_ratios(sizes, results):
    """Each page's figures at every size against the first size's: issue 9 wants req/s at 100,000
    releases within 10% of the figure at 1,000. CPU per request (the server's, plus the database's
    on PostgreSQL) is the steadier figure on a busy machine; req/s is the target's own."""
    first = sizes[0]
    print(f"\n# Against {first:,} releases (1.00 = the same; the target: req/s ratio >= 0.90)")
    print(f"| {'page':40} | {'size':>7} | {'req/s ratio':>11} | {'CPU/req ratio':>13} | within 10%")
    print(f"|{'-' * 42}|{'-' * 9}|{'-' * 13}|{'-' * 15}|-----------")
    for key, base in results[first].items():
        for size in sizes[1:]:
            result = results[size].get(key)
            if not result or not result["rate"] or not base["rate"] or base["cpu"] is None or result["cpu"] is None:
                print(f"| {base['name']:40} | {size:>7} | not measured")
                continue
            rate = result["rate"] / base["rate"]
            cpu = (result["cpu"] + (result["db_cpu"] or 0)) / (base["cpu"] + (base["db_cpu"] or 0))
            print(
                f"| {base['name']:40} | {size:>7} | {rate:>11.2f} | {cpu:>13.2f} | "
                f"{'yes' if rate >= 0.9 else 'no'} (CPU: {'yes' if cpu <= 1 / 0.9 else 'no'})",
                flush=True,
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--releases", required=True, help="how many releases; several, comma-separated, to compare (1000,100000)"
    )
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsroom-bench"))
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--warmup", default="2s")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--close", action="store_true", help="a new connection per request, as sync workers force")
    parser.add_argument(
        "--only",
        help="comma-separated: list,release,feed,headlines,topic,organisation,archive,list-page-50,"
        "search-common,search-rare",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.releases.split(",")]

    ensure_wrk()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop the server (finally, below)
    args.data.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in sizes:
        results[size] = measure(args, size)
    if len(sizes) > 1:
        print_ratios(sizes, results)


if __name__ == "__main__":
    main()
