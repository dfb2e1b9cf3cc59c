"""Newsroom settings: one file, configured from the environment.

Every value has a safe default so a fresh clone runs with nothing set, except SECRET_KEY,
which must be set whenever DEBUG is off. Values that cannot be parsed stop the start-up with
a message that names the variable instead of being silently replaced by a default.

Variables may also come from a `.env` file at the project's root (`make run` writes one for the
local demo: a SECRET_KEY of its own and DEBUG=1), so `.venv/bin/python manage.py …` works in a
new shell; a variable set in the real environment wins over the file. NEWSROOM_ENV_FILE names
another file, or none when empty (the test suite's setting: a developer's .env must not change it).
How variables are read and checked is in newsroom/environment.py; what they set is here.
"""

import os
import zoneinfo
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom.environment import (
    cache_url,
    database_url,
    default_cache_dir,
    email_url,
    env_bool,
    env_int,
    env_list,
    file_cache,
    read_env_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

ENV_FILE = read_env_file(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)
# A local try of production mode over plain http://127.0.0.1 (make serve): turns off what needs HTTPS.
LOCAL_HTTP = env_bool("LOCAL_HTTP", False)
HTTPS_ONLY = not (DEBUG or LOCAL_HTTP)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (for local work, run `make run` once: it writes a .env)."
        )
    SECRET_KEY = "insecure-key-for-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG or LOCAL_HTTP else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must be loaded before it.
    "modeltranslation",
    # The admin site with the second factor at its door (accounts.admin_site.NewsroomAdminSite).
    "accounts.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "reversion",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "contacts",
    "releases",
    "accounts",
    "django_ratelimit",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after the HTTPS redirect, as WhiteNoise asks: no session, language or
    # CSRF work for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags and 304s, from the final headers of what the middleware below lets any visitor share.
    "django.middleware.http.ConditionalGetMiddleware",
    # Public or private (newsroom/pagecache.py): outside everything that may set a cookie.
    "newsroom.pagecache.CacheHeadersMiddleware",
    "newsroom.security.SecurityHeadersMiddleware",
    "newsroom.security.NulBytesMiddleware",
    "newsroom.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    # Knows the user, and runs before CSRF reads the form: oversize bodies get a 413 unread.
    "newsroom.request_limits.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
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

# Databases: SQLite in var/ (in write-ahead-log mode) unless DATABASE_URL says otherwise
# (postgres://user:pass@host/db).
DEFAULT_SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {"default": database_url("DATABASE_URL", default_sqlite_path=DEFAULT_SQLITE_PATH)}
# Each worker thread keeps its connection between requests: opening one (and, on SQLite, setting
# its pragmas) cost more than a whole release page served from its fragments.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# django-axes' backend comes first: every authenticate() call, whatever the login page, is
# refused while the account or the address is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Email: EMAIL_URL (smtp://user:password@host:587, smtp+tls://..., smtp+ssl://...) sets the EMAIL_*
# settings; the local demo prints mail on the console.
vars().update(email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsroom <newsroom@localhost>")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# The site's address as mail links to it (alerts are sent by a worker, with no request to ask).
# The local demo and a local try of production mode (LOCAL_HTTP) are on this machine's PORT.
_LOCAL_URL = f"http://127.0.0.1:{os.environ.get('PORT', '').strip() or 8000}"
SITE_URL = os.environ.get("SITE_URL", _LOCAL_URL if DEBUG or LOCAL_HTTP else "").rstrip("/")
# How long a worker may hold a claimed alert before another worker takes it over.
ALERTS_LEASE_SECONDS = env_int("ALERTS_LEASE_SECONDS", 300)
# Sign-ups allowed per address and per network (django-ratelimit's "count/period").
ALERTS_SIGNUP_RATE_PER_ADDRESS = os.environ.get("ALERTS_SIGNUP_RATE_PER_ADDRESS", "3/h")
ALERTS_SIGNUP_RATE_PER_IP = os.environ.get("ALERTS_SIGNUP_RATE_PER_IP", "20/h")

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

# --- Serving: static files, uploaded files, cache (README: "Serving in production") ---------------

# collectstatic gathers static files into STATIC_ROOT under content-hashed names, with gzip and
# Brotli copies; WhiteNoise serves them from the app with far-future, immutable cache headers.
# With DEBUG on, {% static %} gives plain names and runserver finds the files where they are.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files: a folder on this machine, or an S3-compatible bucket once there are several app
# servers (MEDIA_S3_BUCKET). Either way a file's URL is the newsroom's own /media/<name>, whose view
# decides who may have it (releases/media.py) and sends it (newsroom/media.py): streamed from the
# folder (or by the proxy in front: MEDIA_X_ACCEL_REDIRECT, MEDIA_X_SENDFILE), or redirected to a
# signed URL of the private bucket that expires.
MEDIA_URL = "/media/"
# nginx: the `internal` location that serves MEDIA_ROOT (e.g. /_media/); Apache/lighttpd: X-Sendfile.
MEDIA_X_ACCEL_REDIRECT = os.environ.get("MEDIA_X_ACCEL_REDIRECT", "").strip()
MEDIA_X_SENDFILE = env_bool("MEDIA_X_SENDFILE", False)
# How long the bucket's signed URLs work: for files not on the public record (never cached), and for
# public ones (the redirect to it may be cached for half that time).
MEDIA_S3_URL_SECONDS = env_int("MEDIA_S3_URL_SECONDS", 300)
MEDIA_S3_PUBLIC_URL_SECONDS = env_int("MEDIA_S3_PUBLIC_URL_SECONDS", 24 * 3600)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "").strip()
MEDIA_S3_ENDPOINT_URL = os.environ.get("MEDIA_S3_ENDPOINT_URL", "").strip().rstrip("/")
MEDIA_S3_REGION = os.environ.get("MEDIA_S3_REGION", "").strip()
# Where the files' URLs point when that is not this site (the Content-Security-Policy's img-src).
MEDIA_ORIGINS = []
if MEDIA_S3_BUCKET:
    if MEDIA_S3_ENDPOINT_URL:
        endpoint = urlsplit(MEDIA_S3_ENDPOINT_URL)
        # HTTPS pages upgrade insecure requests (the policy says so): the browser asks over https.
        MEDIA_ORIGINS = [f"{'https' if HTTPS_ONLY else endpoint.scheme}://{endpoint.netloc}"]
    else:  # AWS: the bucket's own host name, global or regional
        MEDIA_ORIGINS = [f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com"]
        MEDIA_ORIGINS += [f"https://{MEDIA_S3_BUCKET}.s3.{MEDIA_S3_REGION}.amazonaws.com"] if MEDIA_S3_REGION else []
    MEDIA_STORAGE = {
        "BACKEND": "newsroom.storage.PrivateBucketStorage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": MEDIA_S3_ENDPOINT_URL or None,
            "region_name": MEDIA_S3_REGION or None,
            # Credentials: boto3's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a role...).
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": MEDIA_S3_URL_SECONDS,
            # Like the folder: a new upload with a taken name gets a new name, never replaces a file.
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


# The default cache is shared by every process that serves the newsroom: the newsroom generation
# (newsroom/freshness.py) lives there, so a change made by any of them reaches the others. On one
# machine, a folder (CACHE_DIR) beside the newsroom's data; with several app servers, CACHE_URL.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
CACHE_DIR = Path(
    os.environ.get("CACHE_DIR", "").strip()
    or default_cache_dir(DATABASES["default"], media_root=MEDIA_ROOT, var_dir=VAR_DIR)
)
CACHES = {"default": cache_url(CACHE_URL) if CACHE_URL else file_cache(CACHE_DIR)}
if CACHES["default"]["BACKEND"].endswith(("LocMemCache", "FileBasedCache")):
    # Sign-ups are counted in the cache. In a folder (one machine) the workers share the counts but
    # add to them without a lock, so two sign-ups at the same instant may count once: still far
    # tighter than counting in each process, and why several app servers need CACHE_URL (Redis).
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
elif CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # django-ratelimit's list of supported caches predates Django's own Redis backend, whose add()
    # is SET NX and incr() INCR: the atomic counting it needs.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# The page cache (newsroom/pagecache.py): anonymous GETs of public pages answered from each
# process's memory while the newsroom generation (newsroom/freshness.py) stays the same. Off in
# the DEBUG demo, where templates change under a developer's hands.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", not DEBUG)
NEWSROOM_PAGE_CACHE_MB = env_int("NEWSROOM_PAGE_CACHE_MB", 32)
# Parts of public pages (cards, a release's text, feed items) kept per process for the current
# generation, for the pages the page cache does not answer (newsroom/fragments.py).
NEWSROOM_FRAGMENT_CACHE = env_bool("NEWSROOM_FRAGMENT_CACHE", not DEBUG)
# How often each process reads the shared generation: the most a change made elsewhere takes to show.
NEWSROOM_PAGE_CACHE_CHECK_SECONDS = 1.0

# Upload limits, checked by newsroom.uploads before anything is stored.
NEWSROOM_MAX_IMAGE_BYTES = env_int("NEWSROOM_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
NEWSROOM_MAX_IMAGE_PIXELS = env_int("NEWSROOM_MAX_IMAGE_PIXELS", 40_000_000)
NEWSROOM_MAX_ATTACHMENT_BYTES = env_int("NEWSROOM_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
# Region used to read phone numbers written without a country code ("55-4065-8422").
NEWSROOM_PHONE_REGION = os.environ.get("NEWSROOM_PHONE_REGION", "MX")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: strict unless this is a local DEBUG run or a local try over plain HTTP (HTTPS_ONLY off).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS_ONLY)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS_ONLY)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS_ONLY
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS_ONLY)
# Two years, as the HSTS preload list asks; includeSubDomains and preload can each be turned off
# for a domain whose other hosts are not all on HTTPS yet (preloading is hard to undo).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63_072_000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address for login throttling and the login record: REMOTE_ADDR, unless the peer
# is one of TRUSTED_PROXIES, in which case CLIENT_IP_HEADER (set by that proxy) says it.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# Content-Security-Policy (django-csp). Public pages load only the newsroom's own scripts,
# styles and images; the admin's policy is in newsroom.security.ADMIN_POLICY.
# Static files or media served from another host (a CDN, object storage) are allowed by origin.
_ASSET_ORIGINS = sorted(
    {f"{url.scheme}://{url.netloc}" for url in map(urlsplit, [STATIC_URL, MEDIA_URL]) if url.netloc}
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'", *_ASSET_ORIGINS],
        "style-src": ["'self'", *_ASSET_ORIGINS],
        # Uploaded files in a bucket are images to show, never scripts or styles to run.
        "img-src": ["'self'", *_ASSET_ORIGINS, *MEDIA_ORIGINS],
        "font-src": ["'self'", *_ASSET_ORIGINS],
        "manifest-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        **({"upgrade-insecure-requests": True} if HTTPS_ONLY else {}),
    },
}
# Browser features no page of the newsroom uses, refused to every page and to anything embedded.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture",
        "publickey-credentials-get", "screen-wake-lock", "sync-xhr", "usb", "xr-spatial-tracking",
    ]
}  # fmt: skip

# Request bodies (newsroom.request_limits): refused with 413 before they are read. Visitors and
# the login send small forms; staff upload images, attachments and Markdown in the admin.
NEWSROOM_MAX_BODY_BYTES = env_int("NEWSROOM_MAX_BODY_BYTES", 64 * 1024)
NEWSROOM_MAX_FORM_BYTES = env_int("NEWSROOM_MAX_FORM_BYTES", DATA_UPLOAD_MAX_MEMORY_SIZE)
# Twice the Markdown import's 2 MB, so that a slightly larger upload still reaches the import
# page and gets its own message there.
NEWSROOM_MAX_IMPORT_BYTES = env_int("NEWSROOM_MAX_IMPORT_BYTES", 4 * 1024 * 1024)
# A release's page saves its image and attachments at once: room for the image and four
# attachments of the largest size; more go in further saves.
NEWSROOM_MAX_UPLOAD_BYTES = env_int(
    "NEWSROOM_MAX_UPLOAD_BYTES", NEWSROOM_MAX_IMAGE_BYTES + 4 * NEWSROOM_MAX_ATTACHMENT_BYTES + 1024 * 1024
)

# Login throttling (django-axes): after NEWSROOM_LOGIN_FAILURE_LIMIT failed logins for one
# account (from anywhere) or from one address (for any account), logins are refused for
# NEWSROOM_LOGIN_LOCKOUT_MINUTES. Wrong second-factor codes count as failures too.
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSROOM_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A try during the lockout does not restart it, so "try again in 15 minutes" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# The newsroom shows the login record in its own admin pages (accounts.admin).
AXES_ENABLE_ADMIN = False
# Failed logins and lockouts are logged without the password (axes never logs it) and the
# username and address kept in the login record, not in the log lines.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code"]

# Two-factor authentication (django-otp, TOTP + recovery codes): required for staff whenever
# DEBUG is off; NEWSROOM_REQUIRE_2FA=0 relaxes it (a closed network with its own single sign-on).
NEWSROOM_REQUIRE_2FA = env_bool("NEWSROOM_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("NEWSROOM_2FA_ISSUER", "Newsroom")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Exponential back-off on wrong codes, per device (1 s, 2 s, 4 s …): on, as it is by default.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
LOGIN_URL = "admin:login"

# /.well-known/security.txt (RFC 9116): whom to tell about a vulnerability, as a mailto: or
# https: URI (comma-separated for several). `check --deploy` warns while it is not set.
NEWSROOM_SECURITY_CONTACT = env_list("NEWSROOM_SECURITY_CONTACT", [])

# Everything to standard output, once: Django's loggers propagate to the root logger; gunicorn's
# own loggers write there too, without propagating (newsroom/gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "newsroom.logs.RedactSecrets"}},
    "formatters": {"plain": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Without its own handlers (Django's print with DEBUG on), so that each line reaches the root once.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
