"""System checks that stop a production start-up with the demo's credentials still in place.

Tagged "security", not "database", so that `check` (with or without --deploy), `migrate` and
`runserver` all run them; `make serve` runs `check --deploy` before it starts gunicorn.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core import checks
from django.db import DatabaseError

DEMO_PASSWORD = "newsroom-demo"  # noqa: S105 - the demo's published password, looked for here


@checks.register("security")
def demo_password_check(app_configs=None, **kwargs):
    """With DEBUG off, no active account may still have the demo password.

    Costs one password hash per active account with a usable password (about 0.3 s each with
    Django's default PBKDF2 hasher), so a newsroom with 30 staff spends some 10 s on it; inactive
    accounts and accounts without a usable password are skipped.
    """
    if settings.DEBUG:
        return []
    try:
        accounts = list(
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(password="")
            .exclude(password__startswith="!")  # noqa: S106 - an unusable password, not a secret
            .order_by("pk")
        )
    except DatabaseError:
        return []  # no tables yet: nothing to check before the first migrate
    found = [user.get_username() for user in accounts if check_password(DEMO_PASSWORD, user.password)]
    if not found:
        return []
    return [
        checks.Error(
            f"These accounts still have the demo password “{DEMO_PASSWORD}”: {', '.join(found)}.",
            hint=(
                "Anyone who has read the README can sign in with it. Give each a new password "
                "(python manage.py changepassword USERNAME) or deactivate it in the admin, "
                "then start again."
            ),
            id="accounts.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def security_contact_check(app_configs=None, **kwargs):
    if settings.NEWSROOM_SECURITY_CONTACT:
        return []
    return [
        checks.Warning(
            "NEWSROOM_SECURITY_CONTACT is not set, so /.well-known/security.txt tells nobody whom to write to.",
            hint="Set it to a mailto: or https: address, e.g. mailto:security@example.org.",
            id="accounts.W001",
        )
    ]
