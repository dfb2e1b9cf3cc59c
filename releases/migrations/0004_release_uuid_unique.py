import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0003_fill_release_uuid_and_image_facts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="release",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="Identifies the release in feeds for good: it never changes, whatever else is edited.",
                unique=True,
                verbose_name="permanent identifier",
            ),
        ),
    ]
