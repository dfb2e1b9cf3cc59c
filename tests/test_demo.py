from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from contacts.models import Organisation
from releases.models import Release, ReleaseEvent

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row of the newsroom's own tables, serialised (timestamps included)."""
    rows = []
    for app in ("contacts", "releases"):
        for model in apps.get_app_config(app).get_models():
            rows.extend(model.objects.order_by("pk"))
    return serializers.serialize("json", rows)


def load_demo(*args):
    call_command("load_demo", *args, stdout=StringIO())


def test_demo_newsroom_has_what_a_journalist_would_explore():
    load_demo()
    coalition = Organisation.objects.filter(kind=Organisation.Kind.COALITION).first()
    assert coalition.members.count() >= 5
    kinds = set(Organisation.objects.filter(is_publisher=False).values_list("kind", flat=True))
    assert {"regulator", "government", "academic"} <= kinds
    releases = Release.objects.all()
    assert releases.count() >= 10
    assert releases.exclude(title_en="").count() > releases.count() / 2
    for release in releases:
        assert release.summary_points and release.background_es and release.body_es
        assert release.media_contacts.exists() and release.links.exists() and release.topics.exists()
        assert release.featured_image and release.featured_image_alt_es
    assert any(release.issuing_organisation_rows.count() > 1 for release in releases)
    assert coalition.logo


def test_load_demo_twice_changes_nothing():
    load_demo()
    first = snapshot()
    load_demo()
    assert snapshot() == first


def test_load_demo_if_empty_leaves_an_existing_newsroom_alone():
    load_demo()
    Release.objects.first().delete()
    count = Release.objects.count()
    load_demo("--if-empty")
    assert Release.objects.count() == count


def test_the_demo_is_imported_like_any_release_from_its_export_folder():
    errors = StringIO()
    call_command("load_demo", stdout=StringIO(), stderr=errors)
    assert errors.getvalue() == "", "the demo's files import without a warning"
    for release in Release.objects.all():
        assert release.import_key == release.slug
        event = release.events.get()
        assert event.action == ReleaseEvent.Action.IMPORTED and event.detail.startswith(f"demo/{release.slug}.es.md")
