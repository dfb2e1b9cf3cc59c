"""The services' declared workflow and what every change tells the rest of the project: the
guards follow the transition table, and each committed change is announced (releases.signals)."""

import pytest
from django.utils import translation

from releases import services
from releases.models import Release
from tests.factories import make_staff
from tests.test_workflow import Status, draft, embargoed, in_review, public, scheduled, withdrawn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


# The guards follow the declared table: each step is allowed from its from-states and from no other.
GUARD_INPUT = {
    "submit_for_review": (services.check_submit_for_review, lambda release: {}),
    "return_to_draft": (services.check_return_to_draft, lambda release: {}),
    "publish": (services.check_publish, lambda release: {}),
    "reschedule": (services.check_reschedule, lambda release: {"at": release.published_at}),
    "set_embargo": (services.check_set_embargo, lambda release: {"until": None}),
    "withdraw": (services.check_withdraw, lambda release: {"explanation_es": "Razón"}),
    "add_change_note": (services.check_add_change_note, lambda release: {}),
    "create_preview_link": (services.check_create_preview_link, lambda release: {}),
}
BUILDERS = {
    Release.PublicState.DRAFT: draft,
    Release.PublicState.IN_REVIEW: in_review,
    Release.PublicState.SCHEDULED: scheduled,
    Release.PublicState.EMBARGOED: embargoed,
    Release.PublicState.PUBLIC: public,
    Release.PublicState.WITHDRAWN: withdrawn,
}


def test_every_guard_allows_its_step_from_the_states_the_table_declares_and_no_other():
    boss = make_staff("boss", is_superuser=True)
    assert set(GUARD_INPUT) == set(services.TRANSITIONS)
    for state, build in BUILDERS.items():
        release = build()
        assert release.public_state == state
        for step, (guard, given) in GUARD_INPUT.items():
            try:
                guard(release=release, actor=boss, **given(release))
            except services.WorkflowError:
                allowed = False
            else:
                allowed = True
            assert allowed is (state in services.TRANSITIONS[step].from_states), (step, state)


# --- Every change is announced once committed (releases.signals) -----------------------------


@pytest.fixture
def announcements():
    from releases.signals import content_changed

    received = []

    def receive(sender, release, release_id, **kwargs):
        received.append((sender, release_id))

    content_changed.connect(receive)
    yield received
    content_changed.disconnect(receive)


def test_a_change_is_announced_after_it_commits(editor, announcements, django_capture_on_commit_callbacks):
    release = draft()
    with django_capture_on_commit_callbacks(execute=True):
        services.release_submit_for_review(release=release, actor=editor)
        assert announcements == [], "not before the change is committed"
    assert announcements == [(Release, release.pk)]


def test_a_change_rolled_back_is_never_announced(editor, announcements, django_capture_on_commit_callbacks):
    from django.db import transaction

    release = draft()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.release_publish(release=release, actor=editor)
        transaction.set_rollback(True)
    assert announcements == []
    assert Release.objects.get(pk=release.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    "change",
    [
        lambda release, editor: services.release_add_change_note(release=release, actor=editor, text_es="Nota"),
        lambda release, editor: services.release_withdraw(release=release, actor=editor, explanation_es="Razón"),
        lambda release, editor: services.release_delete(release=release, actor=editor),
    ],
    ids=["change note", "withdrawal", "deletion"],
)
def test_notes_withdrawals_and_deletions_are_announced(
    editor, announcements, django_capture_on_commit_callbacks, change
):
    release = public()
    pk = release.pk
    with django_capture_on_commit_callbacks(execute=True):
        change(release, editor)
    assert (Release, pk) in announcements
