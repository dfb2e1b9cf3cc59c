"""One name per thing: `Signatory` becomes `IssuingOrganisation` (its rows `issuing_organisation_rows`)
and the background section `context` becomes `background`.

Renames keep every row. The history kept by django-reversion stores each version as serialised
JSON naming the model and its fields, so those are renamed too: otherwise an old revision could
not be restored or compared (its issuing organisations would name a model that no longer
exists, and its background would be dropped). On PostgreSQL the search indexes of 0006 follow
the renamed columns by themselves (an index refers to a column, not to its name).
"""

import json

import django.db.models.deletion
from django.db import migrations, models

OLD_MODEL, NEW_MODEL = "releases.signatory", "releases.issuingorganisation"
BACKGROUND = {"context": "background", "context_es": "background_es", "context_en": "background_en"}


def _rename_in_history(apps, models_renamed, fields_renamed):
    Version = apps.get_model("reversion", "Version")
    versions = Version.objects.filter(content_type__app_label="releases", format="json")
    for version in versions.iterator():
        objects = json.loads(version.serialized_data)
        changed = False
        for obj in objects:
            if obj.get("model") in models_renamed:
                obj["model"] = models_renamed[obj["model"]]
                changed = True
            if obj.get("model") == "releases.release":
                fields = obj.get("fields", {})
                for old, new in fields_renamed.items():
                    if old in fields:
                        fields[new] = fields.pop(old)
                        changed = True
        if changed:
            version.serialized_data = json.dumps(objects)
            version.save(update_fields=["serialized_data"])


def rename_in_history(apps, schema_editor):
    _rename_in_history(apps, {OLD_MODEL: NEW_MODEL}, BACKGROUND)


def rename_back_in_history(apps, schema_editor):
    _rename_in_history(apps, {NEW_MODEL: OLD_MODEL}, {new: old for old, new in BACKGROUND.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
        ("releases", "0010_releaseevent_imported"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.RenameField(model_name="release", old_name="context", new_name="background"),
        migrations.RenameField(model_name="release", old_name="context_es", new_name="background_es"),
        migrations.RenameField(model_name="release", old_name="context_en", new_name="background_en"),
        migrations.RemoveConstraint(model_name="signatory", name="signatory_unique_organisation"),
        migrations.RemoveConstraint(model_name="signatory", name="signatory_unique_position"),
        migrations.RenameModel(old_name="Signatory", new_name="IssuingOrganisation"),
        migrations.AlterField(
            model_name="issuingorganisation",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="issuing_organisation_rows",
                to="contacts.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AlterField(
            model_name="issuingorganisation",
            name="release",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="issuing_organisation_rows",
                to="releases.release",
            ),
        ),
        migrations.AddConstraint(
            model_name="issuingorganisation",
            constraint=models.UniqueConstraint(
                fields=("release", "organisation"), name="issuingorganisation_unique_organisation"
            ),
        ),
        migrations.AddConstraint(
            model_name="issuingorganisation",
            constraint=models.UniqueConstraint(
                fields=("release", "position"), name="issuingorganisation_unique_position"
            ),
        ),
        migrations.RunPython(rename_in_history, rename_back_in_history),
    ]
