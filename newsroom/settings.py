"""Newsroom settings: one file, configured from the environment.

Every value has a safe default so a fresh clone runs with nothing set, except SECRET_KEY,
which must be set whenever DEBUG is off. Values that cannot be parsed stop the start-up with
a message that names the variable instead of being silently replaced by a default.
"""

import os
import zoneinfo
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

_env = environ.Env()


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


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (for local work, set DEBUG=1).")
    SECRET_KEY = "insecure-key-for-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must be loaded before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "reversion",
    "django_ratelimit",
    "contacts",
    "releases",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["newsroom.templatetags"],
        },
    },
]

# Databases: SQLite in var/ unless DATABASE_URL says otherwise (postgres://user:pass@host/db).
DEFAULT_SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {"default": _env.db_url("DATABASE_URL", default=f"sqlite:///{DEFAULT_SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Write-ahead logging: the site keeps reading while the alerts worker writes. With it,
    # synchronous=NORMAL makes a commit survive the crash of any process (not a power cut)
    # without an fsync per commit, which the worker's one commit per message sent needs.
    sqlite_pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = sqlite_pragmas
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (redis://host:6379/0, pymemcache://host:11211) once there is more than one app server.
CACHES = {"default": _env.cache_url("CACHE_URL", default="locmemcache://newsroom")}

# Email: EMAIL_URL as django-environ reads it (smtp://user:password@host:587, smtp+tls://...,
# smtp+ssl://...); the local demo prints mail on the console.
_email = _env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update({key: value for key, value in _email.items() if value not in (None, "")})
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsroom <newsroom@localhost>")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# The site's address as mail links to it (alerts are sent by a worker, with no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# How long a worker may hold a claimed alert before another worker takes it over.
ALERTS_LEASE_SECONDS = env_int("ALERTS_LEASE_SECONDS", 300)
# Sign-ups allowed per address and per network (django-ratelimit's "count/period").
ALERTS_SIGNUP_RATE_PER_ADDRESS = os.environ.get("ALERTS_SIGNUP_RATE_PER_ADDRESS", "3/h")
ALERTS_SIGNUP_RATE_PER_IP = os.environ.get("ALERTS_SIGNUP_RATE_PER_IP", "20/h")
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Without CACHE_URL each process counts sign-ups on its own: fine for one process (the demo,
    # tests), and why several app servers need CACHE_URL.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Spanish first. Content that has no English translation falls back to Spanish.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Mexico_City")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not a known time zone (e.g. America/Mexico_City).")

MODELTRANSLATION_DEFAULT_LANGUAGE = "es"
MODELTRANSLATION_LANGUAGES = ("es", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("es",)
# modeltranslation's admin language tabs need jQuery UI: serve our copy, not Google's CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Upload limits, checked by newsroom.uploads before anything is stored.
NEWSROOM_MAX_IMAGE_BYTES = env_int("NEWSROOM_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
NEWSROOM_MAX_IMAGE_PIXELS = env_int("NEWSROOM_MAX_IMAGE_PIXELS", 40_000_000)
NEWSROOM_MAX_ATTACHMENT_BYTES = env_int("NEWSROOM_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
# Region used to read phone numbers written without a country code ("55-4065-8422").
NEWSROOM_PHONE_REGION = os.environ.get("NEWSROOM_PHONE_REGION", "MX")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: strict unless this is a local DEBUG run.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
