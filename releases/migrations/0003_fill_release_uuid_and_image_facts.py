# Gives every existing release its own identifier and records the size and type of existing
# featured images (read once here, so feeds never have to ask storage). Kept apart from the
# schema changes: PostgreSQL refuses to alter a table with pending trigger events in the same
# transaction as the updates.

import uuid

from django.db import migrations

from newsroom.uploads import image_facts


def fill(apps, schema_editor):
    Release = apps.get_model("releases", "Release")
    for release in Release.objects.filter(uuid__isnull=True).only("pk"):
        Release.objects.filter(pk=release.pk).update(uuid=uuid.uuid4())
    for release in Release.objects.exclude(featured_image="").only("pk", "featured_image"):
        size, mime_type = image_facts(release.featured_image)[:2]
        Release.objects.filter(pk=release.pk).update(featured_image_size=size, featured_image_type=mime_type)


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0002_release_uuid_and_image_facts"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
