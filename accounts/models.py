"""The login record, as staff read it in the admin: django-axes keeps the rows (every login,
every failed login, the failures that count toward a lockout); these proxies give them the
newsroom's names and permissions, so Editors can be granted reading them."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class StaffLogin(AccessLog):
    class Meta:
        proxy = True
        verbose_name = _("staff sign-in")
        verbose_name_plural = _("staff sign-ins")
        ordering = ["-attempt_time"]


class FailedLogin(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
        ordering = ["-attempt_time"]


class LoginLock(AccessAttempt):
    """Failures that count toward a lockout, per account and address; deleting unlocks."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in lock")
        verbose_name_plural = _("sign-in locks")
        ordering = ["-attempt_time"]


class Authenticator(TOTPDevice):
    """A staff member's authenticator app; an administrator deletes it when the phone is lost."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")


class RecoveryCodes(StaticDevice):
    class Meta:
        proxy = True
        verbose_name = _("set of recovery codes")
        verbose_name_plural = _("sets of recovery codes")
