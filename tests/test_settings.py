"""The settings module is loaded in a fresh interpreter per case: it reads the environment once."""

import json
import os
import re
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


def settings_values(*names, **environment):
    """The named settings as JSON-able values, read by a fresh interpreter from `environment` alone."""
    env = {key: value for key, value in os.environ.items() if key not in SERVING_VARIABLES}
    env.update(environment)
    code = (
        "import json, sys; from newsroom import settings as s; "
        "print(json.dumps({n: getattr(s, n) for n in sys.argv[1:]}, default=str))"
    )
    result = subprocess.run([sys.executable, "-c", code, *names], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


SERVING_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "LOCAL_HTTP",
    "ALLOWED_HOSTS",
    "CACHE_URL",
    "CACHE_DIR",
    "DATABASE_URL",
    "MEDIA_ROOT",
    "NEWSROOM_PAGE_CACHE",
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_ENDPOINT_URL",
    "MEDIA_S3_REGION",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
}
HTTPS_SETTINGS = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT")


def test_production_is_https_only_and_names_no_host():
    values = settings_values("HTTPS_ONLY", "ALLOWED_HOSTS", *HTTPS_SETTINGS, SECRET_KEY="x")
    assert values == {"HTTPS_ONLY": True, "ALLOWED_HOSTS": [], **dict.fromkeys(HTTPS_SETTINGS, True)}


@pytest.mark.parametrize("environment", [{"LOCAL_HTTP": "1", "SECRET_KEY": "x"}, {"DEBUG": "1"}])
def test_a_local_try_over_plain_http_turns_off_what_needs_https(environment):
    values = settings_values("DEBUG", "HTTPS_ONLY", "ALLOWED_HOSTS", *HTTPS_SETTINGS, **environment)
    assert values["HTTPS_ONLY"] is False
    assert {name: values[name] for name in HTTPS_SETTINGS} == dict.fromkeys(HTTPS_SETTINGS, False)
    assert "127.0.0.1" in values["ALLOWED_HOSTS"] and "localhost" in values["ALLOWED_HOSTS"]
    assert values["DEBUG"] is (environment.get("DEBUG") == "1")


def test_each_https_setting_can_still_be_set_on_its_own():
    values = settings_values(*HTTPS_SETTINGS, SECRET_KEY="x", SECURE_SSL_REDIRECT="0", LOCAL_HTTP="yes")
    assert values == {"SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False, "SECURE_SSL_REDIRECT": False}
    values = settings_values(*HTTPS_SETTINGS, SECRET_KEY="x", SECURE_SSL_REDIRECT="0")
    assert values == {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": False}


def test_the_cache_is_a_folder_beside_the_data_unless_a_redis_url_names_django_s_own_backend(tmp_path):
    """Every worker of `make serve` shares the default cache (the newsroom generation lives there),
    on one machine without any server; it is never written into the checkout when the data is elsewhere."""
    database = tmp_path / "data" / "news.sqlite3"
    cache = settings_values("CACHES", SECRET_KEY="x", DATABASE_URL=f"sqlite:///{database}")["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache["LOCATION"] == str(tmp_path / "data" / "news-cache")
    media = tmp_path / "files" / "media"
    elsewhere = {"DATABASE_URL": "postgres://u:p@db.example/newsroom", "MEDIA_ROOT": str(media)}
    assert settings_values("CACHES", SECRET_KEY="x", **elsewhere)["CACHES"]["default"]["LOCATION"] == str(
        tmp_path / "files" / "media-cache"
    )
    chosen = settings_values("CACHES", SECRET_KEY="x", CACHE_DIR=str(tmp_path / "mine"), **elsewhere)["CACHES"]
    assert chosen["default"]["LOCATION"] == str(tmp_path / "mine")
    cache = settings_values("CACHES", SECRET_KEY="x", CACHE_URL="redis://cache.example:6380/2")["CACHES"]["default"]
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.example:6380/2",
    }


def test_a_cache_folder_that_others_may_write_into_is_refused(tmp_path):
    """Django's file cache unpickles what it reads: a folder anyone may write into would run their code."""
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o777)
    result = load_settings(SECRET_KEY="x", CACHE_DIR=str(folder), CACHE_URL="")  # not Redis (make test's 2nd leg)
    assert result.returncode != 0
    assert "CACHE_DIR" in result.stderr and "others may write" in result.stderr
    folder.chmod(0o700)
    assert load_settings(SECRET_KEY="x", CACHE_DIR=str(folder), CACHE_URL="").returncode == 0


def test_the_page_cache_is_on_in_production_and_off_in_the_demo_or_when_told():
    assert settings_values("NEWSROOM_PAGE_CACHE", SECRET_KEY="x")["NEWSROOM_PAGE_CACHE"] is True
    assert settings_values("NEWSROOM_PAGE_CACHE", DEBUG="1")["NEWSROOM_PAGE_CACHE"] is False
    told = settings_values("NEWSROOM_PAGE_CACHE", SECRET_KEY="x", NEWSROOM_PAGE_CACHE="0")
    assert told["NEWSROOM_PAGE_CACHE"] is False


def test_media_goes_to_a_private_s3_bucket_when_one_is_named():
    storages = settings_values("STORAGES", SECRET_KEY="x")["STORAGES"]
    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    storages = settings_values(
        "STORAGES", SECRET_KEY="x", MEDIA_S3_BUCKET="prensa", MEDIA_S3_ENDPOINT_URL="https://s3.example"
    )["STORAGES"]
    # django-storages' S3 backend, whose URLs are the newsroom's own (/media/…): see newsroom/storage.py.
    assert storages["default"]["BACKEND"] == "newsroom.storage.PrivateBucketStorage"
    from django.utils.module_loading import import_string
    from storages.backends.s3 import S3Storage

    assert issubclass(import_string(storages["default"]["BACKEND"]), S3Storage)
    options = storages["default"]["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("prensa", "https://s3.example")
    assert options["querystring_auth"] is True and options["default_acl"] is None
    assert options["file_overwrite"] is False


def test_a_bucket_s_files_may_be_shown_as_images_and_nothing_else():
    environment = {"SECRET_KEY": "x", "MEDIA_S3_BUCKET": "prensa", "MEDIA_S3_ENDPOINT_URL": "http://s3.example:9000"}
    directives = settings_values("CONTENT_SECURITY_POLICY", **environment)["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    # Pages over HTTPS upgrade the request, so the origin allowed is the https one.
    assert "https://s3.example:9000" in directives["img-src"]
    assert not any("s3.example" in source for name in ("script-src", "style-src") for source in directives[name])
    local = settings_values("CONTENT_SECURITY_POLICY", LOCAL_HTTP="1", **environment)["CONTENT_SECURITY_POLICY"]
    assert "http://s3.example:9000" in local["DIRECTIVES"]["img-src"]
    aws = settings_values(
        "CONTENT_SECURITY_POLICY", SECRET_KEY="x", MEDIA_S3_BUCKET="prensa", MEDIA_S3_REGION="us-west-2"
    )
    assert {"https://prensa.s3.amazonaws.com", "https://prensa.s3.us-west-2.amazonaws.com"} <= set(
        aws["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    )


def test_the_readme_s_configuration_table_lists_every_variable_the_settings_read():
    """A deployer reads the README's table: a variable the settings read must be in it."""
    helpers = r"env_bool|env_int|env_list|os\.environ\.get|database_url|email_url"
    reading = re.compile(rf"""(?:{helpers})\(\s*["']([A-Z][A-Z0-9_]+)["']""")
    read = {
        name
        for module in ["newsroom/settings.py", "newsroom/environment.py"]
        for name in reading.findall((ROOT / module).read_text(encoding="utf-8"))
    }
    assert {"DEBUG", "DATABASE_URL", "EMAIL_URL", "CACHE_DIR", "NEWSROOM_ENV_FILE", "PORT"} <= read, "the scan reads"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("\n## Configuration\n", 1)[1].split("\n### ", 1)[0]
    listed = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    assert not read - listed, f"Add these to the README's configuration table: {sorted(read - listed)}"
