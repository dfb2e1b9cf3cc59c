# Records the width and height of existing featured images (read once here), from which pages
# give each image's size and the widths of its renditions without asking storage. Files stored
# before names became unguessable keep their names: the media view finds them by name like any
# other and applies the same rule (README, "Uploaded files"). Kept apart from the schema change:
# PostgreSQL refuses to alter a table with pending trigger events in the same transaction.

from django.db import migrations

from newsroom.uploads import image_facts


def fill(apps, schema_editor):
    Release = apps.get_model("releases", "Release")
    for release in Release.objects.exclude(featured_image="").filter(featured_image_width=0).only("featured_image"):
        _size, _type, width, height = image_facts(release.featured_image)
        Release.objects.filter(pk=release.pk).update(featured_image_width=width, featured_image_height=height)


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0015_unguessable_uploads"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
