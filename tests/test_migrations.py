"""Migrations that rename things keep the data, on SQLite and on PostgreSQL, history included."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("releases", "0010_releaseevent_imported")
AFTER = ("releases", "0011_issuing_organisations_and_background")


def migrate(releases_migration=None):
    """Migrate every app to its latest migration, `releases` to `releases_migration` (latest: None)."""
    executor = MigrationExecutor(connection)
    targets = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "releases" or not releases_migration]
    targets += [releases_migration] if releases_migration else []
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_issuing_organisations_and_background_keep_their_rows_and_their_history():
    apps = migrate(BEFORE)
    Release = apps.get_model("releases", "Release")
    Signatory = apps.get_model("releases", "Signatory")
    Organisation = apps.get_model("contacts", "Organisation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision, Version = apps.get_model("reversion", "Revision"), apps.get_model("reversion", "Version")
    organisation = Organisation.objects.create(name="Red", name_es="Red", slug="red")
    release = Release.objects.create(
        title="T", title_es="T", slug="t", body="B", body_es="B", context="C", context_es="C", context_en="Bg"
    )
    row = Signatory.objects.create(release=release, organisation=organisation, position=0)
    revision = Revision.objects.create(date_created=timezone.now(), comment="kept")
    for model, obj, fields in [
        ("release", release, {"context_es": "C", "context_en": "Bg", "title_es": "T"}),
        ("signatory", row, {"release": release.pk, "organisation": organisation.pk, "position": 0}),
    ]:
        Version.objects.create(
            revision=revision,
            object_id=str(obj.pk),
            content_type=ContentType.objects.get_or_create(app_label="releases", model=model)[0],
            db="default",
            format="json",
            serialized_data=json.dumps([{"model": f"releases.{model}", "pk": obj.pk, "fields": fields}]),
            object_repr="x",
        )

    try:
        apps = migrate(AFTER)
        Release, IssuingOrganisation = (
            apps.get_model("releases", "Release"),
            apps.get_model("releases", "IssuingOrganisation"),
        )
        release = Release.objects.get(pk=release.pk)
        assert (release.background_es, release.background_en) == ("C", "Bg")
        assert list(IssuingOrganisation.objects.values_list("release_id", "organisation_id", "position")) == [
            (release.pk, organisation.pk, 0)
        ]
        kept = {
            json.loads(data)[0]["model"]: json.loads(data)[0]["fields"]
            for data in apps.get_model("reversion", "Version").objects.values_list("serialized_data", flat=True)
        }
        assert kept["releases.release"] == {"background_es": "C", "background_en": "Bg", "title_es": "T"}
        assert kept["releases.issuingorganisation"]["organisation"] == organisation.pk

        apps = migrate(BEFORE)  # and back
        assert apps.get_model("releases", "Release").objects.get(pk=release.pk).context_en == "Bg"
        assert apps.get_model("releases", "Signatory").objects.count() == 1
    finally:
        migrate()


def test_images_stored_before_keep_their_names_and_get_their_width_and_height():
    """releases/0016: the width and height of existing featured images are read once, from the
    files where they are (their old, guessable names stay: the media view finds them by name)."""
    from django.core.files.storage import storages

    from tests.factories import image_upload

    apps = migrate(("releases", "0015_unguessable_uploads"))
    name = storages["default"].save("releases/images/2024/05/antigua.png", image_upload(size=(90, 40)))
    Release = apps.get_model("releases", "Release")
    release = Release.objects.create(title="T", title_es="T", slug="t", body="B", body_es="B", featured_image=name)
    try:
        apps = migrate(("releases", "0016_unguessable_uploads_image_sizes"))
        release = apps.get_model("releases", "Release").objects.get(pk=release.pk)
        assert (release.featured_image.name, release.featured_image_width, release.featured_image_height) == (
            name,
            90,
            40,
        )
    finally:
        migrate()
