"""Create the admin account of the local demo, with credentials anyone reading the README knows.

That is only acceptable on a developer's own machine, so the command refuses to run unless
DEBUG is on and the database is the default local SQLite file.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "newsroom-demo"  # noqa: S105 - printed for the local demo, refused elsewhere


class Command(BaseCommand):
    help = "Create (or reset) the demo superuser 'admin' for the local demo database."

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
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/  user: {USERNAME}  password: {PASSWORD}")
