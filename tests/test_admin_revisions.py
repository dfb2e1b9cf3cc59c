"""History in the admin: each save is a revision that can be compared and restored; deleted releases
are recovered."""

import pytest
from django.urls import reverse
from reversion.models import Version

from releases import history
from releases.models import Release
from tests.adminform import change_form_data
from tests.factories import make_full_release
from tests.test_admin_workflow import Action, Status, change_url, logged_in

pytestmark = pytest.mark.django_db


# --- History: compare, restore, recover ---------------------------------------------------------


def test_each_save_keeps_a_revision_that_can_be_compared_and_restored(editor):
    release = make_full_release(status=Status.DRAFT, title_es="Versión uno", title_en="")
    client = logged_in(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # restore with English active: title_en must stay empty
    page = client.get(change_url(release))
    assert client.post(change_url(release), change_form_data(page, title_es="Versión dos")).status_code == 302
    page = client.get(change_url(release))
    data = change_form_data(page, title_es="Versión tres", **{"links-0-DELETE": "on"})
    assert client.post(change_url(release), data).status_code == 302
    assert release.links.count() == 1

    versions = list(history.versions_of(release))
    assert len(versions) == 3, "the release before its first edit, then one per save"
    assert all(version.revision.user == editor for version in versions[:2])
    history_page = client.get(reverse("admin:releases_release_history", args=[release.pk]))
    assert history_page.status_code == 200 and "Compare the two chosen versions" in history_page.content.decode()

    newest, baseline = versions[0], versions[-1]
    compare = client.get(
        reverse("admin:releases_release_compare", args=[release.pk]), {"old": baseline.pk, "new": newest.pk}
    )
    assert compare.status_code == 200
    changes = {change.old: change.new for change in compare.context["changes"]}
    assert changes["Versión uno"] == "Versión tres"
    assert "<del>uno</del> <ins>tres</ins>" in compare.content.decode()

    # Meanwhile it is published; restoring old text must not unpublish it.
    page = client.get(change_url(release))
    client.post(change_url(release), change_form_data(page, _publish="1"))
    revision_url = reverse("admin:releases_release_revision", args=[release.pk, baseline.pk])
    preview = client.get(revision_url)
    assert preview.status_code == 200 and "Versión uno" in preview.content.decode()
    assert Release.objects.get(pk=release.pk).title_es == "Versión tres", "looking at a revision changes nothing"
    assert client.post(revision_url, change_form_data(preview)).status_code == 302

    release.refresh_from_db()
    assert release.title_es == "Versión uno"
    assert not release.title_en, "English stays untranslated (not filled with the Spanish text)"
    assert release.status == Status.PUBLISHED and release.is_published
    assert release.links.count() == 2, "the deleted link is back"
    restored = release.events.filter(action=Action.RESTORED).get()
    assert restored.actor == editor


def test_a_deleted_release_is_recovered_with_its_rows_and_its_audit_trail(editor):
    release = make_full_release(status=Status.DRAFT, title_es="Se borró por error")
    pk, counts = (
        release.pk,
        (release.links.count(), release.media_contacts.count(), release.issuing_organisation_rows.count()),
    )
    client = logged_in(editor)
    page = client.get(change_url(release))
    client.post(change_url(release), change_form_data(page, _submit_for_review="1"))
    assert client.post(reverse("admin:releases_release_delete", args=[pk]), {"post": "yes"}).status_code == 302
    assert not Release.objects.filter(pk=pk).exists()

    listing = client.get(reverse("admin:releases_release_recoverlist"))
    assert "Se borró por error" in listing.content.decode()
    version = Version.objects.get_deleted(Release).get(object_id=str(pk))
    url = reverse("admin:releases_release_recover", args=[version.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert client.post(url, change_form_data(form)).status_code == 302

    release = Release.objects.get(pk=pk)
    assert release.title_es == "Se borró por error"
    assert (release.links.count(), release.media_contacts.count(), release.issuing_organisation_rows.count()) == counts
    actions = list(release.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == [Action.SUBMITTED, Action.DELETED, Action.RECOVERED]


def test_a_writer_recovers_a_deleted_draft_but_not_a_deleted_published_release(writer, editor):
    draft, published = make_full_release(status=Status.DRAFT), make_full_release()
    boss = logged_in(editor)
    for release in (draft, published):
        assert (
            boss.post(reverse("admin:releases_release_delete", args=[release.pk]), {"post": "yes"}).status_code == 302
        )
    client = logged_in(writer)
    deleted = {int(version.object_id): version for version in Version.objects.get_deleted(Release)}
    assert client.get(reverse("admin:releases_release_recover", args=[deleted[published.pk].pk])).status_code == 403
    url = reverse("admin:releases_release_recover", args=[deleted[draft.pk].pk])
    assert client.post(url, change_form_data(client.get(url))).status_code == 302
    assert Release.objects.filter(pk=draft.pk).exists() and not Release.objects.filter(pk=published.pk).exists()


def test_a_revision_keeps_every_language_of_every_translated_field(editor):
    release = make_full_release(
        status=Status.DRAFT, title_es="Uno", title_en="One", summary_es="Punto", summary_en="Point"
    )
    client = logged_in(editor)
    page = client.get(change_url(release))
    data = change_form_data(page, title_es="Dos", title_en="Two", summary_en="Another point")
    assert client.post(change_url(release), data).status_code == 302
    baseline = list(history.versions_of(release))[-1]
    kept = baseline.field_dict
    assert (kept["title_es"], kept["title_en"], kept["summary_en"]) == ("Uno", "One", "Point")
    revision_url = reverse("admin:releases_release_revision", args=[release.pk, baseline.pk])
    assert client.post(revision_url, change_form_data(client.get(revision_url))).status_code == 302
    release.refresh_from_db()
    assert (release.title_es, release.title_en, release.summary_en) == ("Uno", "One", "Point")
