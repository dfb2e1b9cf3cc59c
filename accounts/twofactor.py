"""The second factor of a staff login: an authenticator app (TOTP) and single-use recovery codes.

A login has two steps. The password step runs Django's authenticate() (where django-axes
refuses locked-out accounts and addresses) and, for someone with an authenticator or who must
set one up, does not log in: it remembers, in the session, who passed the password and when.
The code step (or the set-up of an authenticator, at a first login) finishes the login with
the device that was used, so django-otp marks the session as verified. Nothing but those two
pages ever sees a half-finished login.

Wrong codes count as failed logins for django-axes (the same lockout as wrong passwords), and
each device also slows down guesses by itself (django-otp's exponential back-off).
"""

import re
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_KEY = "accounts_pending_login"
PENDING_SECONDS = 10 * 60
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def is_required():
    return settings.NEWSROOM_REQUIRE_2FA


def applies_to(user):
    """Staff accounts (and superusers) are the ones a second factor protects."""
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def is_verified(user):
    """Whether this session passed its second factor (django-otp's OTPMiddleware, or the login
    that just finished, sets the device that verified it)."""
    return getattr(user, "otp_device", None) is not None


def authenticator(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_second_factor(user):
    return authenticator(user) is not None


# The pending login ---------------------------------------------------------------------------


def start_pending_login(request, user, redirect_to):
    """Remember that `user` passed the password, in a fresh session (no fixation)."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "since": time.time(),
        "next": redirect_to,
    }


def pending_login(request):
    """(user, where to go next) of the login in progress, or (None, None) once it expired."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return None, None
    user.backend = pending["backend"]
    return user, pending["next"]


def finish_login(request, user, device):
    """Log the user in, verified by `device` (django-otp keeps it in the session)."""
    request.session.pop(PENDING_KEY, None)
    user.otp_device = device
    auth_login(request, user)


# Codes -----------------------------------------------------------------------------------------


def normalise(code):
    return re.sub(r"[\s-]", "", code or "").lower()


def verify_code(request, user, code):
    """The device that accepts `code` (a six-digit code or a recovery code), or None.

    A wrong code is a failed login for django-axes. A device that is backing off after wrong
    codes refuses even the right one until its delay has passed.
    """
    code = normalise(code)
    devices = [authenticator(user)] if code.isdigit() else list(StaticDevice.objects.devices_for_user(user))
    for device in devices:
        if device is not None and verify_token(user, device.persistent_id, code):
            return device
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    return None


def seconds_to_wait(user):
    """How long the user's devices refuse codes after wrong ones (0 when they accept them)."""
    devices = [authenticator(user), *StaticDevice.objects.devices_for_user(user)]
    return max([0, *(seconds_to_wait_for(device) for device in devices if device is not None)])


def seconds_to_wait_for(device):
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    return max(0, (data["locked_until"] - timezone.now()).total_seconds())


# Setting up -------------------------------------------------------------------------------------


def unconfirmed_authenticator(user):
    """The authenticator being set up (the same secret across reloads of the set-up page)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def confirm_authenticator(user, device):
    """The new authenticator replaces any previous one."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])


@transaction.atomic
def new_recovery_codes(user):
    """Ten fresh single-use codes; the previous ones stop working. Shown once: django-otp keeps
    them to compare, and the newsroom never displays them again."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
