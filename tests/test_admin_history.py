"""The release admin's history and its pages as read: looking writes nothing, and a restore
is one revision that says so."""

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from releases import history
from releases.models import Release
from tests.adminform import change_form_data
from tests.factories import make_full_release, make_staff
from tests.test_admin_workflow import HOUR, Status, change_url, logged_in

pytestmark = pytest.mark.django_db


def _rows():
    """Every row of the newsroom's tables and of its history, serialised."""
    from django.apps import apps
    from django.core import serializers

    models = [*apps.get_app_config("releases").get_models(), *apps.get_app_config("contacts").get_models()]
    models += list(apps.get_app_config("reversion").get_models())
    return serializers.serialize("json", [row for model in models for row in model.objects.order_by("pk")])


def test_looking_at_any_admin_page_of_a_release_writes_nothing():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    boss = logged_in(make_staff("boss", is_superuser=True))
    release = make_full_release(embargo_until=timezone.now() + 24 * HOUR)
    boss.post(change_url(release), change_form_data(boss.get(change_url(release)), title_es="Con historia"))
    gone = make_full_release(status=Status.DRAFT)
    boss.post(reverse("admin:releases_release_delete", args=[gone.pk]), {"post": "yes"})
    old, new = history.versions_of(release).order_by("pk")[:2]
    deleted = Version.objects.get_deleted(Release).get()
    pages = {
        "list": reverse("admin:releases_release_changelist"),
        "list by state": reverse("admin:releases_release_changelist") + "?state=embargoed",
        "add": reverse("admin:releases_release_add"),
        "change": change_url(release),
        "change, before any revision": change_url(make_full_release(status=Status.DRAFT)),
        "history": reverse("admin:releases_release_history", args=[release.pk]),
        "compare": reverse("admin:releases_release_compare", args=[release.pk]) + f"?old={old.pk}&new={new.pk}",
        "withdraw": reverse("admin:releases_release_withdraw", args=[release.pk]),
        "preview links": reverse("admin:releases_release_preview_links", args=[release.pk]),
        "delete": reverse("admin:releases_release_delete", args=[release.pk]),
        "recover list": reverse("admin:releases_release_recoverlist"),
        "import": reverse("admin:releases_release_import"),
    }
    # These two show an old version as the form it gives: like django-reversion, they bring it
    # back inside a transaction that is always rolled back, so they are held to leaving nothing.
    previews = {
        "revision": reverse("admin:releases_release_revision", args=[release.pk, old.pk]),
        "recover": reverse("admin:releases_release_recover", args=[deleted.pk]),
    }
    before = _rows()
    for name, url in {**pages, **previews}.items():
        with CaptureQueriesContext(connection) as queries:
            assert boss.get(url).status_code == 200, name
        writes = [
            query["sql"]
            for query in queries
            if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and "django_session" not in query["sql"]
        ]
        if name in pages:
            assert not writes, (name, writes)
        assert _rows() == before, name


def test_a_restore_is_one_revision_that_says_what_it_brought_back(editor):
    release = make_full_release(status=Status.DRAFT, title_es="Primero")
    client = logged_in(editor)
    client.post(change_url(release), change_form_data(client.get(change_url(release)), title_es="Segundo"))
    baseline = history.versions_of(release).last()
    url = reverse("admin:releases_release_revision", args=[release.pk, baseline.pk])
    count = history.versions_of(release).count()
    assert client.post(url, change_form_data(client.get(url))).status_code == 302
    assert history.versions_of(release).count() == count + 1
    newest = history.versions_of(release).first()
    assert newest.field_dict["title_es"] == "Primero" and newest.revision.user == editor
    assert newest.revision.comment.startswith("Se restauró la versión guardada el")
