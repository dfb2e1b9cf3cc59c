"""Switch alerts on: record the moment (releases public before it are never sent), and give
staff their part: writers and editors see alerts' counts, editors hold and resend them.
Nobody is given subscribers' addresses (alerts.view_subscriber_address): an administrator
grants that to whoever needs it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

WRITERS = ["view_releasealert"]
EDITORS = ["view_releasealert", "hold_and_resend_alerts"]


def switch_on(apps, schema_editor):
    AlertsStart = apps.get_model("alerts", "AlertsStart")
    if not AlertsStart.objects.exists():
        AlertsStart.objects.create(at=timezone.now())
    app_config = apps.get_app_config("alerts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Writers", WRITERS), ("Editors", EDITORS)):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="alerts", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("releases", "0008_writers_and_editors"),
    ]

    operations = [migrations.RunPython(switch_on, migrations.RunPython.noop)]
