"""The settings module is loaded in a fresh interpreter per case: it reads the environment once."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**environment):
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    env.update(environment)
    code = (
        "import json; from newsroom import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
        "'db': str(s.DATABASES['default']['NAME']), 'tz': s.TIME_ZONE, 'hosts': s.ALLOWED_HOSTS}))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def load_settings_value(name, **environment):
    """One setting's value, as the settings module computes it from `environment`."""
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    env.update(environment)
    code = f"import json; from newsroom import settings as s; print(json.dumps(s.{name}, default=str))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_debug_a_missing_secret_key_is_an_error():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_defaults_are_sqlite_in_var_and_mexico_city_time():
    result = load_settings(SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    assert '"debug": false' in result.stdout
    assert "sqlite3" in result.stdout and "var/db.sqlite3" in result.stdout
    assert "America/Mexico_City" in result.stdout
    assert '"hosts": []' in result.stdout


def test_database_url_selects_postgresql():
    result = load_settings(SECRET_KEY="x", DATABASE_URL="postgres://u:p@db.example:5432/newsroom")
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql" in result.stdout and '"db": "newsroom"' in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "is not a boolean"),
        ("TIME_ZONE", "Mars/Olympus", "is not a known time zone"),
        ("NEWSROOM_MAX_IMAGE_BYTES", "lots", "is not a whole number"),
    ],
)
def test_nonsense_values_stop_the_start_with_the_variable_named(variable, value, message):
    result = load_settings(SECRET_KEY="x", **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr and message in result.stderr


def test_debug_runs_without_a_secret_key_for_local_work():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert '"debug": true' in result.stdout


@pytest.mark.parametrize(
    ("environment", "https_only"),
    [({"SECRET_KEY": "x"}, True), ({"DEBUG": "1"}, False), ({"SECRET_KEY": "x", "LOCAL_HTTP": "1"}, False)],
)
def test_https_only_defaults_follow_debug_and_local_http(environment, https_only):
    """Production defaults to HTTPS everywhere; the demo and a local try over plain HTTP do not."""
    for name in ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]:
        assert load_settings_value(name, **environment) is https_only, name
    assert load_settings_value("SECURE_HSTS_SECONDS", **environment) == (63_072_000 if https_only else 0)
    csp = load_settings_value("CONTENT_SECURITY_POLICY", **environment)["DIRECTIVES"]
    assert ("upgrade-insecure-requests" in csp) is https_only
