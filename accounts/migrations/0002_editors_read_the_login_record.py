"""Editors read the login record (staff sign-ins, failed sign-ins, sign-in locks); nobody but
superusers may delete a lock, and nobody edits the record. Running it again changes nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = ["view_stafflogin", "view_failedlogin", "view_loginlock"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make sure they exist now.
    config = apps.get_app_config("accounts")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="accounts", codename__in=READ))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_login_record_and_second_factors"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
