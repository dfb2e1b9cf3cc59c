"""Two editors, one release: a save over a version the editor did not see is refused, and nothing is lost."""

import pytest
from django.db.models import F

from releases.admin.forms import ReleaseAdminForm
from releases.models import Release
from tests.adminform import change_form_data
from tests.factories import make_full_release, make_staff
from tests.test_admin_workflow import Status, change_url, logged_in

pytestmark = pytest.mark.django_db


# --- Two editors, one release ------------------------------------------------------------------


def test_a_save_over_a_version_the_editor_did_not_see_is_refused_and_nothing_is_lost(editor):
    colleague = make_staff("beatriz", "Editors", first_name="Beatriz", last_name="Ramos")
    release = make_full_release(status=Status.DRAFT, title_es="Titular original", body_es="Cuerpo original")
    ana, beatriz = logged_in(editor), logged_in(colleague)
    page_ana, page_beatriz = ana.get(change_url(release)), beatriz.get(change_url(release))

    assert (
        beatriz.post(change_url(release), change_form_data(page_beatriz, title_es="Titular de Beatriz")).status_code
        == 302
    )

    response = ana.post(change_url(release), change_form_data(page_ana, body_es="Cuerpo de Ana"))
    assert response.status_code == 200, "refused"
    release.refresh_from_db()
    assert (release.title_es, release.body_es) == ("Titular de Beatriz", "Cuerpo original"), "Beatriz's save stands"
    html = response.content.decode()
    assert "Beatriz Ramos guardó este comunicado" in html
    assert "Cuerpo de Ana" in html, "Ana's text is still in her form"
    changes = response.context["adminform"].form.conflict.changes
    assert [(change.old, change.new) for change in changes] == [("Titular original", "Titular de Beatriz")]
    assert "<del>original</del>" in str(changes[0].html) and "<ins>de Beatriz</ins>" in str(changes[0].html)

    # Ana brings Beatriz's headline into her version; saving is accepted now.
    data = change_form_data(response, title_es="Titular de Beatriz")
    assert ana.post(change_url(release), data).status_code == 302
    release.refresh_from_db()
    assert (release.title_es, release.body_es) == ("Titular de Beatriz", "Cuerpo de Ana")


def test_a_workflow_change_after_the_form_was_opened_is_a_conflict_too(editor):
    colleague = make_staff("beatriz", "Editors")
    release = make_full_release(status=Status.IN_REVIEW)
    client = logged_in(editor)
    page = client.get(change_url(release))
    logged_in(colleague).post(
        change_url(release), change_form_data(logged_in(colleague).get(change_url(release)), _return_to_draft="1")
    )
    response = client.post(change_url(release), change_form_data(page, title_es="Tarde"))
    assert response.status_code == 200 and response.context["adminform"].form.conflict
    assert Release.objects.get(pk=release.pk).title_es != "Tarde"


def test_the_version_check_is_guaranteed_by_a_conditional_update(editor, monkeypatch):
    """Even when the form's check is overtaken (another save commits between the check and this
    save's write, possible where rows cannot be locked), the write itself refuses the stale version."""
    release = make_full_release(status=Status.DRAFT, title_es="Original")
    client = logged_in(editor)
    page = client.get(change_url(release))
    Release.objects.filter(pk=release.pk).update(title_es="De otra persona", version=F("version") + 1)
    check, calls = ReleaseAdminForm.check_version, []

    def overtaken_once(form, cleaned):
        calls.append(1)
        if len(calls) > 1:
            check(form, cleaned)

    monkeypatch.setattr(ReleaseAdminForm, "check_version", overtaken_once)
    response = client.post(change_url(release), change_form_data(page, title_es="Mío"))
    assert len(calls) == 2, "the save was refused at the write and the form checked again"
    assert response.status_code == 200
    assert response.context["adminform"].form.conflict is not None
    assert Release.objects.get(pk=release.pk).title_es == "De otra persona"
