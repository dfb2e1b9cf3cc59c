#!/usr/bin/env python3
"""Run a command against a throwaway S3-compatible server (moto's server mode, from PyPI).

    .venv/bin/python bin/with_s3.py pytest -q

moto listens on a free port on 127.0.0.1, in memory; a bucket is made in it, and the command runs
with the variables that put uploaded files there (MEDIA_S3_BUCKET, MEDIA_S3_ENDPOINT_URL,
MEDIA_S3_REGION, and throwaway AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). The server and its
folder are gone afterwards, whether the command passed, failed or was interrupted. Run it with the
project's Python (moto is in requirements-dev.txt); without moto the command runs without it
(uploads stay in MEDIA_ROOT) after a message, unless NEWSROOM_REQUIRE_S3=1, where that is a failure.
"""

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import throwaway

BUCKET = "newsroom-media"
REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "throwaway", "AWS_SECRET_ACCESS_KEY": "throwaway"}  # moto takes any


def create_bucket(endpoint):
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION,
                          aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])  # fmt: skip
    client.create_bucket(Bucket=BUCKET)


def main(command):
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("boto3") is None:
        if throwaway.required("moto's server (pip install -r requirements-dev.txt)", "NEWSROOM_REQUIRE_S3"):
            return 1
        return throwaway.run(command)
    folder = Path(tempfile.mkdtemp(prefix="newsroom-s3-"))
    port = throwaway.free_port()
    log = folder / "server.log"
    throwaway.stop_on_sigterm()
    process = None
    try:
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=folder,
            )
        endpoint = f"http://127.0.0.1:{port}"
        if not throwaway.wait_until_listening(port, process):
            print(f"Could not start moto's server:\n{log.read_text()}", file=sys.stderr)
            return 1
        create_bucket(endpoint)
        print(f"Throwaway S3 (moto) on {endpoint}, bucket {BUCKET}")
        return throwaway.run(
            command,
            MEDIA_S3_BUCKET=BUCKET,
            MEDIA_S3_ENDPOINT_URL=endpoint,
            MEDIA_S3_REGION=REGION,
            **CREDENTIALS,
        )
    finally:
        if process is not None:
            throwaway.stop(process)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
