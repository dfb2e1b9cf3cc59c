"""The start-up refuses the demo password outside DEBUG; /.well-known/security.txt; the 503
page when the database is unavailable."""

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from accounts.checks import DEMO_PASSWORD, demo_password_check
from newsroom.views import database_unavailable
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_password_stops_a_production_start(settings):
    settings.DEBUG = False
    make_staff("admin", "Editors").set_password(DEMO_PASSWORD)
    user = make_staff("writer", "Writers")
    user.set_password(DEMO_PASSWORD)
    user.save()
    admin = make_staff("editor", "Editors")
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    errors = demo_password_check()
    assert [error.id for error in errors] == ["accounts.E001"]
    assert "writer, editor" in errors[0].msg and "changepassword" in errors[0].hint
    with pytest.raises(SystemCheckError, match="accounts.E001"):
        call_command("check")


def test_the_demo_password_is_fine_under_debug(settings):
    settings.DEBUG = True
    user = make_staff("writer", "Writers")
    user.set_password(DEMO_PASSWORD)
    user.save()
    assert demo_password_check() == []


def test_inactive_and_passwordless_accounts_are_skipped(settings):
    settings.DEBUG = False
    retired = make_staff("retired", "Writers", is_active=False)
    retired.set_password(DEMO_PASSWORD)
    retired.save()
    sso = make_staff("sso", "Writers")
    sso.set_unusable_password()
    sso.save()
    make_staff("eva", "Editors")  # password "pw"
    assert demo_password_check() == []


def test_migrate_and_check_deploy_run_the_demo_check(tmp_path):
    """In a real start-up: `migrate` and `check --deploy` both stop on the demo password."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DATABASE_URL"}}
    env.update(SECRET_KEY="x" * 60, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DEBUG="0")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    create = (
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_user('admin', password='{DEMO_PASSWORD}', is_staff=True)"
    )
    subprocess.run([*manage, "shell", "-c", create], cwd=ROOT, env=env, check=True, capture_output=True)
    for command in (["migrate", "--noinput"], ["check", "--deploy"]):
        result = subprocess.run([*manage, *command], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode != 0 and "accounts.E001" in result.stderr, command
        assert "admin" in result.stderr


def test_security_txt_follows_rfc_9116(client, settings):
    settings.NEWSROOM_SECURITY_CONTACT = ["mailto:seguridad@example.org", "https://example.org/seguridad"]
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = [line.split(": ", 1) for line in response.content.decode().splitlines()]
    assert ["Contact", "mailto:seguridad@example.org"] in fields
    assert ["Contact", "https://example.org/seguridad"] in fields
    assert ["Preferred-Languages", "es, en"] in fields
    assert ["Canonical", "http://testserver/.well-known/security.txt"] in fields
    expires = datetime.fromisoformat(dict(fields)["Expires"].replace("Z", "+00:00"))
    assert timezone.now() + timedelta(days=300) < expires <= timezone.now() + timedelta(days=366)


def test_security_txt_is_missing_without_a_contact(client, settings):
    settings.NEWSROOM_SECURITY_CONTACT = []
    assert client.get("/.well-known/security.txt").status_code == 404


def failing_with(error):
    def view(request):
        raise error

    return view


def with_cause(error, cause):
    try:
        raise error from cause
    except type(error) as raised:
        return raised


class CannotConnectNow(Exception):
    sqlstate = "57P03"


class UndefinedColumn(Exception):
    sqlstate = "42703"


def test_which_database_errors_mean_unavailable():
    assert database_unavailable(with_cause(OperationalError("down"), CannotConnectNow()))
    assert database_unavailable(InterfaceError("connection already closed"))
    assert not database_unavailable(with_cause(OperationalError("bug"), UndefinedColumn()))
    assert not database_unavailable(ValueError("bug"))


@pytest.fixture
def failing_page(settings, client):
    """/fail/, made to fail with a given error (as a request does when PostgreSQL restarts)."""
    from tests import failing_urls

    settings.ROOT_URLCONF = "tests.failing_urls"
    client.raise_request_exception = False

    def fail_with(error):
        failing_urls.FAILURE["error"] = error
        return "/fail/"

    return fail_with


def test_an_unavailable_database_gives_a_short_503_page(client, failing_page):
    url = failing_page(with_cause(OperationalError("the database system is starting up"), CannotConnectNow()))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "css/site.css" in page and 'lang="es"' in page


def test_a_change_that_did_not_get_through_says_so(client, failing_page):
    url = failing_page(InterfaceError("connection already closed"))
    response = client.post(url, {"title": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "go back" in response.content.decode().lower()


def test_other_errors_stay_500(client, failing_page):
    url = failing_page(with_cause(OperationalError("no such column"), UndefinedColumn()))
    assert client.get(url).status_code == 500
