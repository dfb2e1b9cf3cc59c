"""The command line as a newcomer meets it (issue 13, point 8): the README's commands after
`make run`, one-line errors, the user's language with real plurals, each log line once."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from bin.demo_env import write_env
from newsroom.cli import locale_language
from tests.factories import make_release

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "import" / "es_completo.md"


def manage(*args, env=None, tmp_path):
    """Run manage.py as a person does: a clean environment plus `env`, a database of its own."""
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "NEWSROOM_ENV_FILE": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_make_run_writes_a_private_env_file_once(tmp_path):
    path = tmp_path / ".env"
    assert write_env(path)
    first = path.read_text()
    assert path.stat().st_mode & 0o777 == 0o600
    assert "DEBUG=1" in first
    secret = next(line for line in first.splitlines() if line.startswith("SECRET_KEY="))
    assert len(secret) > len("SECRET_KEY=") + 40
    path.write_text("SECRET_KEY=mine\n")
    assert not write_env(path)  # never overwritten, whatever it holds
    assert path.read_text() == "SECRET_KEY=mine\n"
    other = tmp_path / "other.env"
    write_env(other)
    assert other.read_text() != first  # a secret of its own each time


def test_settings_read_the_env_file_and_the_real_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=from-the-file\nDEBUG=1\nTIME_ZONE=Europe/Madrid\n")
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY, settings.TIME_ZONE)"
    shown = manage("shell", "-c", code, env={"NEWSROOM_ENV_FILE": str(env_file)}, tmp_path=tmp_path)
    assert shown.stdout.splitlines()[-1].split() == ["True", "from-the-file", "Europe/Madrid"], shown.stderr
    shown = manage("shell", "-c", code, env={"NEWSROOM_ENV_FILE": str(env_file), "TIME_ZONE": "UTC"}, tmp_path=tmp_path)
    assert shown.stdout.splitlines()[-1].split() == ["True", "from-the-file", "UTC"], shown.stderr
    # Without the file nor SECRET_KEY: one line that says what to do, not a traceback.
    refused = manage("check", tmp_path=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [refused.stderr.strip()]
    assert "SECRET_KEY" in refused.stderr and "make run" in refused.stderr


@pytest.mark.parametrize(
    ("command", "language", "expected"),
    [
        (
            ["import_releases", str(SEED)],
            "es_MX.UTF-8",
            "ejecuta antes `make run` o `.venv/bin/python manage.py migrate`",
        ),
        (["send_alerts"], "en_GB.UTF-8", "run `make run` or `.venv/bin/python manage.py migrate` first"),
        (["export_releases", "out"], "C", "ejecuta antes `make run`"),
        (["createsuperuser", "--noinput", "--username", "x", "--email", "x@example.org"], "en_US", "migrate` first"),
    ],
)
def test_a_database_without_tables_is_one_line_in_the_user_s_language(tmp_path, command, language, expected):
    result = manage(*command, env={"DEBUG": "1", "LANG": language}, tmp_path=tmp_path)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({}, "es"),
        ({"LANG": "C"}, "es"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "es"),
        ({"LANG": "es_ES.UTF-8", "LC_MESSAGES": "en_GB"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "es_MX.UTF-8", "LC_MESSAGES": "en_GB"}, "es"),
        ({"LC_ALL": "en_US@euro"}, "en"),
    ],
)
def test_the_locale_decides_the_language_of_commands(environment, language):
    assert locale_language(environment) == language


def export(*args):
    stdout = StringIO()
    call_command("export_releases", *map(str, args), stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


@pytest.mark.django_db
def test_export_refuses_a_file_and_a_folder_that_is_not_empty_unless_forced(tmp_path):
    make_release(title_es="Comunicado", slug="comunicado")
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep me")
    with pytest.raises(CommandError, match="is a file, not a folder|es un archivo"):
        export(a_file)
    assert a_file.read_text() == "keep me"

    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "comunicado.es.md").write_text("an older export")
    with pytest.raises(CommandError, match="--force"):
        export(folder)
    assert (folder / "comunicado.es.md").read_text() == "an older export"
    export(folder, "--force")
    assert "Comunicado" in (folder / "comunicado.es.md").read_text()


@pytest.mark.django_db
def test_export_into_an_unwritable_place_is_one_line(tmp_path):
    make_release(title_es="Comunicado", slug="comunicado")
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep me")
    for impossible in (a_file / "new", Path("/proc/no-such-folder")):
        with pytest.raises(CommandError, match=r"^(Cannot write to|No se puede escribir en) ") as error:
            export(impossible)
        assert "\n" not in str(error.value)
    assert a_file.read_text() == "keep me"


@pytest.mark.django_db
def test_export_into_a_folder_without_write_permission_is_one_line(tmp_path):
    make_release(title_es="Comunicado", slug="comunicado")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who may write anywhere (root)")
        with pytest.raises(CommandError, match=r"^(Cannot write to|No se puede escribir en) .*locked") as error:
            export(locked / "new")
        assert "\n" not in str(error.value)
    finally:
        locked.chmod(0o700)


@pytest.mark.django_db
def test_export_and_import_output_take_the_plural_their_numbers_need(tmp_path):
    make_release(title_es="Comunicado", slug="comunicado")
    with translation.override("es"):
        assert "2 archivos escritos en" in export(tmp_path / "es")  # the release in Spanish and English
        assert "con 0 imágenes y adjuntos" in export(tmp_path / "es", "--force")
    with translation.override("en"):
        assert "2 files written to" in export(tmp_path / "en")
        stderr = StringIO()
        call_command("import_releases", "--dry-run", str(SEED), stdout=StringIO(), stderr=stderr)
        assert "Dry run, nothing written: 1 read, 0 failed" in stderr.getvalue()
    with translation.override("es"):
        stdout, stderr = StringIO(), StringIO()
        call_command("import_releases", "--dry-run", str(SEED), stdout=stdout, stderr=stderr)
        assert "1 leído, 0 fallidos" in stderr.getvalue()
        assert "1 organización emisora" in stdout.getvalue() or "organizaciones emisoras" in stdout.getvalue()
        assert "1 organizaciones" not in stdout.getvalue()


def test_each_log_line_is_printed_once_under_debug(tmp_path):
    code = (
        "import logging; logging.getLogger('releases.anything').warning('marker-app'); "
        "logging.getLogger('django.request').warning('marker-django'); "
        "logging.getLogger('django.server').info('marker-server')"
    )
    result = manage("shell", "-c", code, env={"DEBUG": "1"}, tmp_path=tmp_path)
    output = result.stdout + result.stderr
    for marker in ("marker-app", "marker-django", "marker-server"):
        assert output.count(marker) == 1, output


def test_make_run_takes_a_port_and_writes_the_env_file_first():
    planned = subprocess.run(["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    steps = planned.stdout.splitlines()
    assert any(step.endswith("runserver 127.0.0.1:8123") for step in steps), planned.stdout
    assert "http://127.0.0.1:8123/" in planned.stdout
    env_step = next(i for i, step in enumerate(steps) if "bin/demo_env.py" in step)
    migrate_step = next(i for i, step in enumerate(steps) if "manage.py migrate" in step)
    assert env_step < migrate_step
    without_port = {name: value for name, value in os.environ.items() if name != "PORT"}
    default = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, env=without_port, capture_output=True, text=True, timeout=60
    )
    assert any(step.endswith("runserver 127.0.0.1:8000") for step in default.stdout.splitlines())


def test_the_env_file_is_never_committed():
    assert subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT).returncode == 0
