from django.db import migrations

from newsroom.slugs import fill_english_slugs


def fill(apps, schema_editor):
    fill_english_slugs(apps.get_model("contacts", "Organisation"), "name_en")


class Migration(migrations.Migration):
    """English URLs of existing organisations use a slug made from their English name."""

    dependencies = [("contacts", "0002_english_slugs")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
