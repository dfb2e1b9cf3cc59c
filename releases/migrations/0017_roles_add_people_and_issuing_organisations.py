"""The roles, mended and widened (issue 13).

1. Renaming `Signatory` to `IssuingOrganisation` (0011) kept the permissions' old codenames
   (`add_signatory` …) on the renamed model, and Django then made new ones
   (`add_issuingorganisation` …) that no group held: writers and editors lost the issuing
   organisations' rows on a release's page. The groups get the new permissions in place of the
   old, which are deleted.
2. Adding people and organisations from a release's form (the "+" beside the autocomplete):
   writers may now add a person (a spokesperson or press contact the directory lacks), as
   editors already could, but not change anyone's details. Organisations stay the
   administrators' to add. The Markdown upload follows the same permissions
   (releases/importing/permissions.py).

Running it again changes nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ["add", "change", "delete", "view"]
GRANTED = {"Writers": [("contacts", "add_contact")]}


def _all_permissions(apps):
    # Permissions are made after all migrations have run; make sure today's exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    _all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    renamed = {
        Permission.objects.get(
            content_type__app_label="releases", codename=f"{action}_signatory"
        ): Permission.objects.get(content_type__app_label="releases", codename=f"{action}_issuingorganisation")
        for action in ACTIONS
        if Permission.objects.filter(content_type__app_label="releases", codename=f"{action}_signatory").exists()
    }
    for group in Group.objects.all():
        held = set(group.permissions.all())
        group.permissions.add(*(new for old, new in renamed.items() if old in held))
    for old in renamed:
        old.delete()
    for name, wanted in GRANTED.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *(Permission.objects.get(content_type__app_label=app, codename=code) for app, code in wanted)
            )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in GRANTED.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            for app, code in wanted:
                group.permissions.remove(*Permission.objects.filter(content_type__app_label=app, codename=code))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contacts", "0005_unguessable_uploads"),
        ("releases", "0016_unguessable_uploads_image_sizes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
