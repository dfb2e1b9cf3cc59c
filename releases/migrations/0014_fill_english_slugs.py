from django.db import migrations

from newsroom.slugs import fill_english_slugs


def fill(apps, schema_editor):
    fill_english_slugs(apps.get_model("releases", "Release"), "title_en")
    fill_english_slugs(apps.get_model("releases", "Topic"), "name_en")


class Migration(migrations.Migration):
    """English URLs of existing releases and topics use a slug made from their English text."""

    dependencies = [("releases", "0013_english_slugs")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
