"""Two-factor authentication for staff (django-otp): required whenever DEBUG is off, set up at
the first login, a code after the password, single-use recovery codes, and wrong codes that
count toward the login lockout."""

import re
from base64 import b32decode
from binascii import hexlify
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from tests.factories import make_full_release, make_staff

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
CODE = "/admin/login/code/"
SETUP = "/admin/two-factor/setup/"


@pytest.fixture(autouse=True)
def required(settings, client):
    settings.NEWSROOM_REQUIRE_2FA = True
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the admin follows the browser's language


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def with_authenticator(user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    codes = twofactor.new_recovery_codes(user)
    return device, codes


def password_step(client, username, password="pw"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def can_open_the_admin(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_a_staff_session_without_a_second_factor_reaches_no_admin_page(client, settings):
    editor = make_staff("eva", "Editors")
    release = make_full_release()
    client.force_login(editor)
    for url in [
        reverse("admin:index"),
        reverse("admin:releases_release_changelist"),
        reverse("admin:releases_release_change", args=[release.pk]),
        reverse("admin:two_factor"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), url
    # Staff previews of hidden releases are closed to it too.
    draft = make_full_release(status="draft", slug="borrador-secreto")
    assert client.get(draft.get_absolute_url()).status_code == 404
    settings.NEWSROOM_REQUIRE_2FA = False
    assert can_open_the_admin(client)


def test_the_password_alone_does_not_sign_in_someone_with_an_authenticator(client):
    editor = make_staff("eva", "Editors")
    with_authenticator(editor)
    response = password_step(client, "eva")
    assert response.status_code == 302 and response["Location"] == CODE
    assert not can_open_the_admin(client)


def test_a_code_from_the_app_signs_in_once(client):
    editor = make_staff("eva", "Editors")
    device, _ = with_authenticator(editor)
    password_step(client, "eva")
    code = current_code(device)
    response = client.post(CODE, {"code": code})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert can_open_the_admin(client)
    # The same code cannot be used again, even right away by someone who watched it typed.
    client.logout()
    password_step(client, "eva")
    response = client.post(CODE, {"code": code})
    assert response.status_code == 200
    assert not can_open_the_admin(client)


def test_a_wrong_code_does_not_sign_in(client):
    editor = make_staff("eva", "Editors")
    device, _ = with_authenticator(editor)
    password_step(client, "eva")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"code": wrong})
    assert response.status_code == 200 and "not right" in response.content.decode()
    assert not can_open_the_admin(client)


def test_a_recovery_code_signs_in_once(client):
    editor = make_staff("eva", "Editors")
    _, codes = with_authenticator(editor)
    password_step(client, "eva")
    assert client.post(CODE, {"code": codes[0].upper()}).status_code == 302
    assert can_open_the_admin(client)
    client.logout()
    password_step(client, "eva")
    assert client.post(CODE, {"code": codes[0]}).status_code == 200
    assert not can_open_the_admin(client)
    assert StaticToken.objects.filter(device__user=editor).count() == len(codes) - 1


def test_the_code_step_needs_the_password_step_first(client):
    editor = make_staff("eva", "Editors")
    device, _ = with_authenticator(editor)
    response = client.post(CODE, {"code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("admin:login")
    assert not can_open_the_admin(client)


def test_a_started_login_expires(client):
    editor = make_staff("eva", "Editors")
    device, _ = with_authenticator(editor)
    password_step(client, "eva")
    with time_machine.travel(timezone.now() + timedelta(seconds=twofactor.PENDING_SECONDS + 1)):
        response = client.post(CODE, {"code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("admin:login")


def test_wrong_codes_are_slowed_down_by_the_device(client):
    editor = make_staff("eva", "Editors")
    device, _ = with_authenticator(editor)
    password_step(client, "eva")
    client.post(CODE, {"code": "000000" if current_code(device) != "000000" else "111111"})
    # Right after a wrong code even the right one waits (django-otp's back-off is on).
    response = client.post(CODE, {"code": current_code(device)})
    assert response.status_code == 200 and "Wait" in response.content.decode()
    assert not can_open_the_admin(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_wrong_codes_count_toward_the_login_lockout(client, settings):
    editor = make_staff("eva", "Editors")
    device, _ = with_authenticator(editor)
    password_step(client, "eva")
    start = timezone.now()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # Past each device's back-off, so that every wrong code is judged.
        with time_machine.travel(start + timedelta(seconds=attempt * 31)):
            client.post(CODE, {"code": "000000" if current_code(device) != "000000" else "111111"})
    with time_machine.travel(start + timedelta(seconds=settings.AXES_FAILURE_LIMIT * 31)):
        response = client.post(CODE, {"code": current_code(device)})
        assert response.status_code == 429
        assert not can_open_the_admin(client)
        # And the password step is locked too.
        assert password_step(client, "eva").status_code == 429


def test_first_login_sets_up_an_authenticator_before_the_admin(client):
    make_staff("eva", "Editors")
    response = password_step(client, "eva")
    assert response.status_code == 302 and response["Location"] == SETUP
    assert not can_open_the_admin(client)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page  # the QR code, inline
    secret = re.search(r'<code class="two-factor-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    # What the phone does with the typed secret: a code from it confirms the set-up.
    device = TOTPDevice.objects.get(user__username="eva", confirmed=False)
    assert hexlify(b32decode(secret)).decode() == device.key
    response = client.post(SETUP, {"code": current_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.content.decode())
    assert len(codes) == twofactor.RECOVERY_CODE_COUNT
    assert can_open_the_admin(client)
    device.refresh_from_db()
    assert device.confirmed


def test_set_up_refuses_a_wrong_code(client):
    make_staff("eva", "Editors")
    password_step(client, "eva")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user__username="eva")
    response = client.post(SETUP, {"code": "000000" if current_code(device) != "000000" else "111111"})
    assert response.status_code == 200 and "not right" in response.content.decode()
    assert not can_open_the_admin(client)
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_set_up_is_not_open_to_visitors(client):
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"] == reverse("admin:login")
    assert not TOTPDevice.objects.exists()


def test_new_recovery_codes_replace_the_old_ones_and_are_shown_once(client):
    editor = make_staff("eva", "Editors")
    device, old_codes = with_authenticator(editor)
    password_step(client, "eva")
    client.post(CODE, {"code": current_code(device)})
    overview = client.get(reverse("admin:two_factor")).content.decode()
    assert f"{len(old_codes)} unused recovery codes" in overview
    assert old_codes[1] not in overview
    response = client.post(reverse("admin:two_factor"), {"new_codes": "1"})
    new_codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.content.decode())
    assert len(new_codes) == twofactor.RECOVERY_CODE_COUNT and not set(new_codes) & set(old_codes)
    assert new_codes[0] not in client.get(reverse("admin:two_factor")).content.decode()
    client.logout()
    password_step(client, "eva")
    assert client.post(CODE, {"code": old_codes[1]}).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        assert client.post(CODE, {"code": new_codes[1]}).status_code == 302


def test_under_debug_two_factor_is_optional(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = False
    make_staff("eva", "Editors")
    assert password_step(client, "eva")["Location"] == "/admin/"
    assert can_open_the_admin(client)


def test_the_setting_follows_debug():
    from tests.test_settings import load_settings_value

    assert load_settings_value("NEWSROOM_REQUIRE_2FA", SECRET_KEY="x") is True
    assert load_settings_value("NEWSROOM_REQUIRE_2FA", DEBUG="1") is False
    assert load_settings_value("NEWSROOM_REQUIRE_2FA", SECRET_KEY="x", NEWSROOM_REQUIRE_2FA="0") is False
