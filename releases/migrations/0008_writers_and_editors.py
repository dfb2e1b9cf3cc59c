"""The two staff roles of the editorial workflow, as groups with their permissions.

Writers create and edit drafts, submit them for review and preview them; editors also publish,
schedule, embargo, withdraw, edit published releases and manage preview links. The admin and
releases/services.py enforce what each permission allows. Running it again changes nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDIT_ROWS = ["add", "change", "delete", "view"]
WRITERS = {
    "releases": {
        "release": EDIT_ROWS,  # delete only drafts: the admin refuses anything published
        "signatory": EDIT_ROWS,
        "referencelink": EDIT_ROWS,
        "mediacontact": EDIT_ROWS,
        "attachment": EDIT_ROWS,
        "topic": ["view"],
    },
    "contacts": {"organisation": ["view"], "contact": ["view"]},
}
EDITORS = {
    "releases": {
        **WRITERS["releases"],
        "release": [*EDIT_ROWS, "publish", "withdraw"],
        "topic": ["add", "change", "view"],
    },
    "contacts": {"organisation": ["view"], "contact": ["add", "change", "view"]},
}
CUSTOM = {"publish": "publish_release", "withdraw": "withdraw_release"}
EDITORS_EXTRA = ["manage_preview_links"]


def codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, CUSTOM.get(action, f"{action}_{model}")


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(spec, extra=()):
        wanted = [*codenames(spec), *(("releases", codename) for codename in extra)]
        found = []
        for app_label, codename in wanted:
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return found

    writers, _ = Group.objects.get_or_create(name="Writers")
    writers.permissions.add(*permissions(WRITERS))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions(EDITORS, EDITORS_EXTRA))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contacts", "0001_initial"),
        ("releases", "0007_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
