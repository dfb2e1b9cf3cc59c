"""Create the accounts of the local demo, with credentials anyone reading the README knows:
the superuser `admin`, and `writer` and `editor` in the Writers and Editors groups, to try the
editorial workflow with each role.

That is only acceptable on a developer's own machine, so the command refuses to run unless
DEBUG is on and the database is the default local SQLite file.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

USERNAME = "admin"
PASSWORD = "newsroom-demo"  # noqa: S105 - printed for the local demo, refused elsewhere
# username, group (created by a migration), the role as the output names it
ROLES = [("writer", "Writers", gettext_lazy("Writer")), ("editor", "Editors", gettext_lazy("Editor"))]


class Command(BaseCommand):
    help = "Create (or reset) the demo superuser 'admin' and the demo 'writer' and 'editor' for the local demo."

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        if not settings.DEBUG or str(database["NAME"]) != str(settings.DEFAULT_SQLITE_PATH):
            raise CommandError("The demo admin is only for the local demo: DEBUG on and the default SQLite database.")
        user, _ = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "admin@newsroom.example"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(PASSWORD)
        user.save()
        # make run's PORT (make run PORT=8123), to print the address the server will really have.
        port = os.environ.get("PORT", "").strip() or "8000"
        self.stdout.write(
            gettext("Admin: %(url)s  user: %(user)s  password: %(password)s")
            % {"url": f"http://127.0.0.1:{port}/admin/", "user": USERNAME, "password": PASSWORD}
        )
        for username, group_name, role in ROLES:
            user, _ = get_user_model().objects.get_or_create(
                username=username, defaults={"email": f"{username}@newsroom.example"}
            )
            user.is_staff, user.is_superuser, user.is_active = True, False, True
            user.set_password(PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            self.stdout.write(
                "  "
                + gettext("%(role)s: user: %(user)s  password: %(password)s")
                % {"role": role, "user": username, "password": PASSWORD}
            )
