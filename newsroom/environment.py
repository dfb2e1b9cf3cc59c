"""Reading the environment: turning variables into values for newsroom/settings.py.

Every helper either returns a value of the right type or stops the start-up with a message that
names the variable; nonsense is never silently replaced by a default. Variables may also come
from a `.env` file (`read_env_file`); a variable set in the real environment wins over the file.
URLs are read by django-environ (DATABASE_URL, CACHE_URL, EMAIL_URL).
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

_env = environ.Env()


def read_env_file(default):
    """Load NEWSROOM_ENV_FILE (`default` when unset, none when empty) into os.environ; its path."""
    path = os.environ.get("NEWSROOM_ENV_FILE", str(default))
    if path and Path(path).is_file():
        environ.Env.read_env(path)  # setdefault: the real environment wins
    return path


def env_bool(name, default):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a boolean: use 1/0, true/false, yes/no or on/off.")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_url(name, *, default_sqlite_path):
    """A DATABASES entry from the URL in `name` (postgres://user:pass@host/db), or a SQLite file
    whose folder is made if missing."""
    database = _env.db_url(name, default=f"sqlite:///{default_sqlite_path}")
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # Write-ahead logging: the site keeps reading while the alerts worker writes. With it,
        # synchronous=NORMAL makes a commit survive the crash of any process (not a power cut)
        # without an fsync per commit, which the worker's one commit per message sent needs.
        sqlite_pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
        database.setdefault("OPTIONS", {})["init_command"] = sqlite_pragmas
    else:
        database["CONN_HEALTH_CHECKS"] = True
    return database


def email_url(name, *, default):
    """The EMAIL_* settings the URL in `name` gives (smtp://user:password@host:587, smtp+tls://...,
    smtp+ssl://..., consolemail://), leaving out those it does not set."""
    return {key: value for key, value in _env.email_url(name, default=default).items() if value not in (None, "")}


def cache_url(url):
    """A CACHES entry for a CACHE_URL. redis:// always means Django's own Redis backend
    (django-environ would pick django-redis instead whenever that happens to be installed)."""
    redis = url.startswith(("redis:", "rediss:"))
    return _env.cache_url_config(url, backend="django.core.cache.backends.redis.RedisCache" if redis else None)


def file_cache(folder):
    """A CACHES entry for the cache in a folder, refused unless the folder is this user's alone."""
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(private_folder(folder)),
        # Room for the rendered Markdown of a few thousand releases: past it, Django deletes a
        # third of the files at random at the next write (the generation too, at worst, which
        # only means pages are made again).
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }


def default_cache_dir(database, *, media_root, var_dir):
    """Beside the newsroom's data: next to a SQLite file, else next to an explicit MEDIA_ROOT."""
    name = str(database.get("NAME") or "")
    if database["ENGINE"] == "django.db.backends.sqlite3" and name and name != ":memory:" and "mode=memory" not in name:
        return Path(name).with_name(f"{Path(name).stem}-cache")
    if os.environ.get("MEDIA_ROOT"):
        return media_root.with_name(f"{media_root.name}-cache")
    return var_dir / "cache"


def private_folder(path):
    """The folder of the file cache, refused if another user could write into it: Django's file
    cache unpickles what it reads there."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return path  # Django creates it, readable by this user alone (0700)
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise ImproperlyConfigured(
            f"CACHE_DIR={path} belongs to another user or others may write into it; the cache must be "
            "this user's alone (chmod go-w, or another CACHE_DIR)."
        )
    return path
