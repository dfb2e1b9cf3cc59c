import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True, scope="session")
def _fast_and_isolated(tmp_path_factory):
    """Fast password hashing; uploads, static files and the cache of the tests' own.

    The suite runs with DEBUG off, as production does, but talks plain HTTP through the test
    client and signs staff in with force_login: HTTPS redirects and the second factor are
    turned on by the tests about them (tests/test_headers.py, tests/test_two_factor.py). Static
    files keep their own names: the hashed names exist only after collectstatic, which
    tests/test_serving.py runs in a server of its own. With MEDIA_S3_BUCKET or CACHE_URL set
    (make test's second leg, in throwaway servers), uploads and the cache stay there.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.NEWSROOM_REQUIRE_2FA = False
    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    if not os.environ.get("CACHE_URL"):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    """Each test starts in Spanish with an empty cache (requests leave their language active)."""
    from newsroom import freshness

    cache.clear()
    freshness.forget()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def writer(db):
    from tests.factories import make_staff

    return make_staff("writer", "Writers")


@pytest.fixture
def editor(db):
    from tests.factories import make_staff

    return make_staff("editor", "Editors")


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on a free local port, with the settings that send mail to it;
    yields its inbox (tests/alerting.py)."""
    from tests.alerting import running_smtp

    with running_smtp(settings) as inbox:
        yield inbox
