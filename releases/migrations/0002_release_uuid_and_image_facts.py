# Adds the release's permanent identifier (for feed GUIDs) and the featured image's recorded
# size and type. The identifier is added nullable and without uniqueness first, filled in 0003
# and made unique in 0004: Django's recipe for a unique field on a table that already has rows
# (a callable default is evaluated once per AddField, so every row would get the same UUID).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="release",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="permanent identifier"),
        ),
        migrations.AddField(
            model_name="release",
            name="featured_image_size",
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name="image size in bytes"),
        ),
        migrations.AddField(
            model_name="release",
            name="featured_image_type",
            field=models.CharField(blank=True, editable=False, max_length=50, verbose_name="image MIME type"),
        ),
    ]
