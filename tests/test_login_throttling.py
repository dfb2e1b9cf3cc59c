"""Login throttling and lockout (django-axes, enforced in authenticate()): per account and per
address, a clear page while locked, an administrator's unlock, and the client's address taken
from a proxy's header only when that proxy is trusted."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import FailedLogin, LoginLock, StaffLogin
from newsroom.security import client_ip
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


def log_in(client, username, password="pw", address=HOME):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def fail(client, username, times, address=HOME):
    for _ in range(times):
        response = log_in(client, username, "wrong", address)
        assert response.status_code in (200, 429)


def test_the_right_password_after_too_many_wrong_ones_is_refused(client, limit):
    make_staff("ana", "Editors")
    fail(client, "ana", limit)
    response = log_in(client, "ana")
    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "15 minutes" in page and "administrator" in page
    assert response["Retry-After"] == str(15 * 60)


def test_below_the_limit_the_right_password_works(client, limit):
    make_staff("ana", "Editors")
    fail(client, "ana", limit - 1)
    assert log_in(client, "ana").status_code == 302
    assert signed_in(client)


def test_the_lockout_page_is_translated(client, limit):
    make_staff("ana", "Editors")
    fail(client, "ana", limit)
    response = client.post(LOGIN, {"username": "ana", "password": "pw"}, REMOTE_ADDR=HOME, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 429
    assert "15 minutos" in response.content.decode()


def test_the_lock_is_per_account_from_any_address(client, limit):
    make_staff("ana", "Editors")
    make_staff("bruno", "Editors")
    for address in ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"][:limit]:
        fail(client, "ana", 1, address)
    assert log_in(client, "ana", address=ELSEWHERE).status_code == 429
    assert log_in(client, "bruno", address=ELSEWHERE).status_code == 302


def test_the_lock_is_per_address_for_any_account(client, limit):
    make_staff("ana", "Editors")
    make_staff("bruno", "Editors")
    for number in range(limit):
        fail(client, f"guess{number}", 1, HOME)
    assert log_in(client, "bruno", address=HOME).status_code == 429
    assert log_in(client, "bruno", address=ELSEWHERE).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, limit, settings):
    make_staff("ana", "Editors")
    fail(client, "ana", limit)
    assert log_in(client, "ana").status_code == 429
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=5)):
        assert log_in(client, "ana").status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(client, admin_client, limit):
    make_staff("ana", "Editors")
    fail(client, "ana", limit)
    locks = LoginLock.objects.filter(username="ana")
    assert locks.exists()
    response = admin_client.post(
        reverse("admin:accounts_loginlock_changelist"),
        {"action": "delete_selected", "_selected_action": [lock.pk for lock in locks], "post": "yes"},
    )
    assert response.status_code == 302
    assert not LoginLock.objects.filter(username="ana").exists()
    assert log_in(client, "ana").status_code == 302


def test_an_administrator_unlocks_an_account_with_a_command(client, limit):
    make_staff("ana", "Editors")
    fail(client, "ana", limit)
    call_command("axes_reset_username", "ana")
    assert log_in(client, "ana").status_code == 302


def test_editors_read_the_login_record_and_nobody_edits_it(client, limit):
    editor = make_staff("eva", "Editors")
    make_staff("ana", "Editors")
    fail(client, "ana", 2)
    assert log_in(client, "ana").status_code == 302
    client.force_login(editor)
    for model in ["stafflogin", "failedlogin", "loginlock"]:
        assert client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200, model
    assert StaffLogin.objects.filter(username="ana").exists()
    assert FailedLogin.objects.filter(username="ana").count() == 2
    page = client.get(reverse("admin:accounts_failedlogin_changelist")).content.decode()
    assert "ana" in page and HOME in page
    lock = LoginLock.objects.get(username="ana")
    assert client.post(reverse("admin:accounts_loginlock_delete", args=[lock.pk]), {"post": "yes"}).status_code == 403
    record = FailedLogin.objects.filter(username="ana").first()
    assert client.post(reverse("admin:accounts_failedlogin_change", args=[record.pk]), {}).status_code == 403


def test_writers_do_not_read_the_login_record(client):
    client.force_login(make_staff("walter", "Writers"))
    assert client.get(reverse("admin:accounts_failedlogin_changelist")).status_code == 403


def request_from(peer, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


def test_the_client_address_ignores_forwarded_headers_by_default(settings):
    settings.CLIENT_IP_HEADER = ""
    assert client_ip(request_from("192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")) == "192.0.2.1"


def test_the_client_address_comes_from_a_trusted_proxy_only(settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # Through the proxy: the right-most address the proxy did not add itself.
    through_proxy = request_from("10.0.0.5", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9, 10.0.0.7")
    assert client_ip(through_proxy) == "203.0.113.9"
    # Straight from the internet, the header is the client's own word: ignored.
    assert client_ip(request_from("192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")) == "192.0.2.1"
    # Nonsense in the header falls back to the peer.
    assert client_ip(request_from("10.0.0.5", HTTP_X_FORWARDED_FOR="not-an-address")) == "10.0.0.5"


def test_a_spoofed_header_cannot_dodge_the_address_lock(client, settings, limit):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    make_staff("bruno", "Editors")
    for number in range(limit):
        client.post(
            LOGIN,
            {"username": f"guess{number}", "password": "x"},
            REMOTE_ADDR=HOME,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    response = client.post(
        LOGIN, {"username": "bruno", "password": "pw"}, REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR="203.0.113.200"
    )
    assert response.status_code == 429
