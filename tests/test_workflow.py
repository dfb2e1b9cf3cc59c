"""The editorial workflow's services: every transition, who may make it, and what it records."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from reversion.models import Version

from releases import services
from releases.models import ChangeNote, PreviewLink, Release, ReleaseEvent
from tests.factories import make_release, make_staff, ready_to_publish

pytestmark = pytest.mark.django_db

Status = Release.Status
Action = ReleaseEvent.Action
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Assertions below read the services' messages in English (pages set their own language)."""
    with translation.override("en"):
        yield


def draft(**fields):
    """A draft with a press contact to call, ready to publish (services.check_press_contacts)."""
    return ready_to_publish(make_release(status=Status.DRAFT, **fields))


def in_review(**fields):
    return ready_to_publish(make_release(status=Status.IN_REVIEW, **fields))


def public(**fields):
    return make_release(**fields)


def scheduled(**fields):
    return make_release(published_at=timezone.now() + HOUR, **fields)


def embargoed(**fields):
    return make_release(embargo_until=timezone.now() + 2 * HOUR, **fields)


def page(client, release, language="es"):
    with translation.override(language):
        return client.get(release.get_absolute_url())


def withdrawn(**fields):
    now = timezone.now()
    return make_release(status=Status.WITHDRAWN, published_at=now - HOUR, withdrawn_at=now, **fields)


def state(release):
    """Everything a refused transition must leave as it was."""
    release = Release.objects.get(pk=release.pk)
    return (release.status, release.published_at, release.embargo_until, release.version, release.events.count())


# (service, keyword arguments, release builder, status afterwards, audit action)
TRANSITIONS = {
    "submit for review": (services.release_submit_for_review, {}, draft, Status.IN_REVIEW, Action.SUBMITTED),
    "return to draft from review": (
        services.release_return_to_draft,
        {},
        in_review,
        Status.DRAFT,
        Action.RETURNED_TO_DRAFT,
    ),
    "publish now": (services.release_publish, {}, in_review, Status.PUBLISHED, Action.PUBLISHED),
    "schedule": (
        services.release_publish,
        {"at": timezone.now() + 24 * HOUR},
        draft,
        Status.PUBLISHED,
        Action.SCHEDULED,
    ),
    "unschedule": (services.release_return_to_draft, {}, scheduled, Status.DRAFT, Action.RETURNED_TO_DRAFT),
    "reschedule": (
        services.release_reschedule,
        {"at": timezone.now() + 48 * HOUR},
        scheduled,
        Status.PUBLISHED,
        Action.RESCHEDULED,
    ),
    "set embargo": (
        services.release_set_embargo,
        {"until": timezone.now() + 24 * HOUR},
        draft,
        Status.DRAFT,
        Action.EMBARGO_SET,
    ),
    "change embargo": (
        services.release_set_embargo,
        {"until": timezone.now() + 24 * HOUR},
        embargoed,
        Status.PUBLISHED,
        Action.EMBARGO_CHANGED,
    ),
    "lift embargo": (services.release_set_embargo, {"until": None}, embargoed, Status.PUBLISHED, Action.EMBARGO_LIFTED),
    "withdraw": (
        services.release_withdraw,
        {"explanation_es": "Se publicó con datos erróneos."},
        public,
        Status.WITHDRAWN,
        Action.WITHDRAWN,
    ),
}
WRITERS_MAY = {"submit for review", "return to draft from review"}


@pytest.mark.parametrize("name", TRANSITIONS)
@pytest.mark.parametrize("role", ["writer", "editor", "superuser"])
def test_each_transition_is_made_by_whom_it_should_and_recorded(name, role):
    service, kwargs, build, status_after, action = TRANSITIONS[name]
    actor = make_staff(role, "Writers" if role == "writer" else "Editors", is_superuser=role == "superuser")
    release = build()
    if role == "writer" and name not in WRITERS_MAY:
        before = state(release)
        with pytest.raises(PermissionDenied):
            service(release=release, actor=actor, **kwargs)
        assert state(release) == before
        return
    version = release.version
    service(release=release, actor=actor, **kwargs)
    release.refresh_from_db()
    assert release.status == status_after
    assert release.version == version + 1, "another editor's open form must notice the change"
    event = release.events.get()
    assert (event.action, event.actor) == (action, actor)
    assert Version.objects.get_for_object(release).first().revision.user == actor


def test_staff_without_a_role_can_do_nothing():
    stranger = make_staff("stranger")
    for service, kwargs, build, _status, _action in TRANSITIONS.values():
        release = build()
        with pytest.raises(PermissionDenied):
            service(release=release, actor=stranger, **kwargs)


@pytest.mark.parametrize(
    ("service", "kwargs", "build", "message"),
    [
        (services.release_submit_for_review, {}, in_review, "Only a draft"),
        (services.release_submit_for_review, {}, public, "Only a draft"),
        (services.release_publish, {}, public, "Only a draft or a release in review"),
        (services.release_publish, {}, withdrawn, "Only a draft or a release in review"),
        (services.release_return_to_draft, {}, public, "withdraw it instead"),
        (services.release_return_to_draft, {}, draft, "Only a release in review"),
        (services.release_reschedule, {"at": timezone.now() + HOUR}, public, "cannot be moved to the future"),
        (services.release_reschedule, {"at": None}, scheduled, "needs a publication time"),
        (services.release_reschedule, {"at": timezone.now()}, draft, "Only a published release"),
        (services.release_set_embargo, {"until": timezone.now() + HOUR}, public, "already public"),
        (services.release_set_embargo, {"until": timezone.now() - HOUR}, draft, "must end in the future"),
        (services.release_withdraw, {"explanation_es": "Razón"}, scheduled, "Only a public release"),
        (services.release_withdraw, {"explanation_es": "Razón"}, embargoed, "Only a public release"),
        (services.release_withdraw, {"explanation_es": "   "}, public, "Explain publicly"),
        (services.release_withdraw, {"explanation_es": "Razón"}, draft, "Only a public release"),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused_and_changes_nothing(editor, service, kwargs, build, message):
    release = build()
    before = state(release)
    with pytest.raises(services.WorkflowError) as error:
        service(release=release, actor=editor, **kwargs)
    assert message in " ".join(error.value.messages)
    assert state(release) == before


def test_publishing_without_a_time_publishes_now_and_records_who(editor):
    release = draft()
    services.release_publish(release=release, actor=editor)
    release.refresh_from_db()
    assert release.is_published
    assert release.published_at <= timezone.now()
    assert release.events.get().action == Action.PUBLISHED


# --- Scheduling: decided at query time, with no job running --------------------------------


def test_a_scheduled_release_goes_live_at_its_minute_without_any_job(client, editor, time_machine):
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    release = draft(title_es="Sale a las diez")
    services.release_publish(release=release, actor=editor, at=start + timedelta(minutes=30))
    assert release.public_state == Release.PublicState.SCHEDULED and not release.is_published
    assert not Release.objects.published().filter(pk=release.pk).exists()
    assert release.title_es not in client.get("/es/comunicados/").content.decode()
    assert client.get(release.get_absolute_url()).status_code == 404

    time_machine.move_to(start + timedelta(minutes=29, seconds=59), tick=False)
    assert not Release.objects.published().filter(pk=release.pk).exists()

    time_machine.move_to(start + timedelta(minutes=30), tick=False)
    assert Release.objects.published().filter(pk=release.pk).exists()
    assert Release.objects.get(pk=release.pk).is_published
    assert release.title_es in client.get("/es/comunicados/").content.decode()
    assert release.title_es in client.get("/es/").content.decode()
    assert client.get(release.get_absolute_url()).status_code == 200


def test_an_embargoed_release_becomes_public_when_the_embargo_ends(client, editor, time_machine):
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    release = draft(title_es="Bajo embargo")
    services.release_set_embargo(release=release, actor=editor, until=start + HOUR)
    services.release_publish(release=release, actor=editor)
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED and release.is_under_embargo and not release.is_published
    assert client.get(release.get_absolute_url()).status_code == 404
    time_machine.move_to(start + HOUR, tick=False)
    assert client.get(release.get_absolute_url()).status_code == 200
    assert release.public_since == start + HOUR


def test_publishing_under_embargo_dates_the_release_at_the_end_of_the_embargo(editor):
    release = draft(embargo_until=timezone.now() + 2 * HOUR)
    services.release_publish(release=release, actor=editor, at=timezone.now() - HOUR)
    release.refresh_from_db()
    assert release.published_at == release.embargo_until
    assert release.get_absolute_url().endswith(f"/{release.slug_for('en')}/")  # the English page
    assert Release.objects.in_public_state(Release.PublicState.EMBARGOED).filter(pk=release.pk).exists()


def test_a_later_embargo_moves_a_scheduled_release_along(editor):
    release = scheduled()
    later = release.published_at + HOUR
    services.release_set_embargo(release=release, actor=editor, until=later)
    release.refresh_from_db()
    assert release.published_at == release.embargo_until == later


def test_a_release_waiting_for_its_embargo_follows_it_earlier_and_goes_out_when_it_is_lifted(editor, time_machine):
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    release = embargoed()
    services.release_set_embargo(release=release, actor=editor, until=start + HOUR / 2)
    release.refresh_from_db()
    assert release.published_at == release.embargo_until == start + HOUR / 2
    services.release_set_embargo(release=release, actor=editor, until=None)
    release.refresh_from_db()
    assert release.published_at == start and release.is_published


def test_a_release_scheduled_after_its_embargo_keeps_its_time_when_the_embargo_is_lifted(editor):
    release = scheduled(embargo_until=timezone.now() + HOUR / 2)
    planned = release.published_at
    services.release_set_embargo(release=release, actor=editor, until=None)
    release.refresh_from_db()
    assert release.published_at == planned and release.public_state == Release.PublicState.SCHEDULED


def test_a_release_cannot_be_rescheduled_before_its_embargo_ends(editor):
    release = embargoed()
    with pytest.raises(services.WorkflowError, match="cannot become public earlier"):
        services.release_reschedule(release=release, actor=editor, at=timezone.now() + HOUR)


def test_the_database_refuses_a_publication_time_before_the_embargo():
    from django.db import IntegrityError, transaction

    release = embargoed()
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.filter(pk=release.pk).update(published_at=release.embargo_until - HOUR)


def test_an_earlier_embargo_shortens_preview_links(editor):
    release = embargoed()
    link, _token = services.release_create_preview_link(release=release, actor=editor, recipient="Ana, El Diario")
    earlier = timezone.now() + timedelta(minutes=30)
    services.release_set_embargo(release=release, actor=editor, until=earlier)
    link.refresh_from_db()
    assert link.expires_at == earlier


def test_unchanged_embargo_records_nothing(editor):
    release = embargoed()
    services.release_set_embargo(release=release, actor=editor, until=release.embargo_until)
    assert not release.events.exists()


# --- Withdrawal ------------------------------------------------------------------------------


def test_withdrawing_keeps_the_page_marked_with_the_explanation_and_date(client, editor):
    release = public(title_es="Comunicado retirado")
    services.release_withdraw(
        release=release,
        actor=editor,
        explanation_es="Contenía un error grave.",
        explanation_en="It had a serious error.",
    )
    release.refresh_from_db()
    assert release.status == Status.WITHDRAWN and release.withdrawn_at is not None
    assert not Release.objects.published().filter(pk=release.pk).exists()
    assert Release.objects.public_record().filter(pk=release.pk).exists()
    assert release.title_es not in client.get("/es/comunicados/").content.decode()
    response = page(client, release)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Este comunicado se retiró el" in html and "Contenía un error grave." in html
    assert "noindex" not in html, "a withdrawn page stays on the public record"
    english = page(client, release, "en").content.decode()
    assert "This release was withdrawn on" in english and "It had a serious error." in english


def test_withdrawing_revokes_the_preview_links(editor, time_machine):
    release = embargoed()
    link, _token = services.release_create_preview_link(release=release, actor=editor, recipient="Ana")
    time_machine.move_to(release.embargo_until + HOUR, tick=False)
    services.release_withdraw(release=release, actor=editor, explanation_es="Retirado")
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_a_withdrawn_release_that_was_never_public_has_no_public_page():
    # Only possible by hand (the service refuses), but the rule must still hold.
    now = timezone.now()
    release = make_release(status=Status.WITHDRAWN, published_at=now, embargo_until=now, withdrawn_at=now - HOUR / 2)
    assert not Release.objects.public_record().filter(pk=release.pk).exists()
    assert not release.is_on_public_record


@pytest.mark.parametrize("build", [public, draft, in_review, scheduled, embargoed])
def test_public_record_and_is_on_public_record_agree(build):
    release = build()
    assert Release.objects.public_record().filter(pk=release.pk).exists() is release.is_on_public_record


# --- Change notes and `updated` -------------------------------------------------------------


def test_a_change_note_is_dated_listed_on_the_page_and_moves_public_updated_at(client, editor, time_machine):
    release = public()
    assert release.public_updated_at == release.published_at
    later = timezone.now() + HOUR
    time_machine.move_to(later, tick=False)
    services.release_add_change_note(
        release=release, actor=editor, text_es="Se corrigió la fecha de la audiencia.", text_en="Corrected the date."
    )
    note = ChangeNote.objects.get()
    assert note.created_at == later and note.created_by == editor
    assert Release.objects.get(pk=release.pk).public_updated_at == later
    assert Release.objects.with_newest_change_note().get(pk=release.pk).public_updated_at == later
    html = page(client, release).content.decode()
    assert "Actualizado el" in html and "Se corrigió la fecha de la audiencia." in html
    english = page(client, release, "en").content.decode()
    assert "Updated " in english and "Corrected the date." in english
    assert release.events.get().action == Action.CHANGE_NOTE_ADDED


def test_public_updated_at_counts_the_end_of_an_embargo_and_ignores_silent_edits(time_machine):
    ended = timezone.now() - timedelta(minutes=5)
    # Published under the embargo, so public when it ended (the factory refuses an earlier time).
    release = make_release(published_at=ended, embargo_until=ended)
    assert release.public_updated_at == ended
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    release.title_es = "Errata corregida sin nota"
    release.save()
    assert Release.objects.get(pk=release.pk).public_updated_at == ended
    assert draft().public_updated_at is None
    future = scheduled()
    assert future.public_updated_at == future.published_at


def test_the_pages_modified_dates_follow_a_change_note_not_a_silent_edit(client, editor, time_machine):
    """JSON-LD dateModified and og article:modified_time say what feeds' <updated> says."""

    def modified_dates():
        html = page(client, release).content.decode()
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        tag = re.search(r'<meta property="article:modified_time" content="([^"]+)">', html).group(1)
        return datetime.fromisoformat(data["dateModified"]), datetime.fromisoformat(tag)

    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    release = public(published_at=start - HOUR, embargo_until=start - HOUR)
    assert modified_dates() == (start - HOUR, start - HOUR)  # public since the embargo ended
    time_machine.move_to(start + HOUR, tick=False)
    release.title_es = "Una errata corregida sin nota"
    release.save()
    assert modified_dates() == (start - HOUR, start - HOUR)
    time_machine.move_to(start + 2 * HOUR, tick=False)
    services.release_add_change_note(release=release, actor=editor, text_es="Se corrigió la cifra de víctimas.")
    assert modified_dates() == (start + 2 * HOUR, start + 2 * HOUR)


def test_the_newest_change_note_is_the_same_annotated_or_prefetched(editor, time_machine):
    release = public()
    for text in ["Primera corrección.", "Segunda corrección."]:
        time_machine.move_to(timezone.now() + HOUR, tick=False)
        services.release_add_change_note(release=release, actor=editor, text_es=text)
    annotated = Release.objects.with_newest_change_note().get(pk=release.pk)
    prefetched = Release.objects.with_page_related().get(pk=release.pk)
    for copy in (annotated, prefetched):
        note = copy.newest_change_note
        newest = ChangeNote.objects.first()
        assert (note.text_es, note.text_en, note.created_at) == ("Segunda corrección.", "", newest.created_at)
    assert Release.objects.with_newest_change_note().get(pk=public().pk).newest_change_note is None


def test_change_notes_only_for_a_public_release_and_by_editors(writer, editor):
    with pytest.raises(services.WorkflowError):
        services.release_add_change_note(release=scheduled(), actor=editor, text_es="Nota")
    with pytest.raises(PermissionDenied):
        services.release_add_change_note(release=public(), actor=writer, text_es="Nota")
    with pytest.raises(services.WorkflowError):
        services.release_add_change_note(release=public(), actor=editor, text_es="  ")
    assert not ChangeNote.objects.exists()


# --- Preview links (services; the pages are in test_preview_links.py) ------------------------


def test_a_preview_link_stores_only_the_hash_of_its_token(editor):
    release = embargoed()
    link, token = services.release_create_preview_link(release=release, actor=editor, recipient="Ana, El Diario")
    assert len(token) >= 40
    assert token not in link.token_hash and link.token_hash == PreviewLink.hash_token(token)
    assert link.expires_at == release.embargo_until and link.created_by == editor
    assert PreviewLink.objects.for_token(token) == link
    event = release.events.get()
    assert event.action == Action.PREVIEW_LINK_CREATED and "Ana, El Diario" in event.detail


@pytest.mark.parametrize(
    ("build", "expires", "message"),
    [
        (draft, None, "Preview links are for published releases under an embargo"),
        (public, None, "Preview links are for published releases under an embargo"),
        (embargoed, timedelta(hours=3), "at the end of the embargo at the latest"),
        (embargoed, timedelta(hours=-1), "expire in the future"),
    ],
)
def test_preview_links_only_under_embargo_and_never_past_it(editor, build, expires, message):
    release = build()
    expires_at = timezone.now() + expires if expires else None
    with pytest.raises(services.WorkflowError) as error:
        services.release_create_preview_link(release=release, actor=editor, recipient="Ana", expires_at=expires_at)
    assert message in " ".join(error.value.messages)
    assert not PreviewLink.objects.exists()


def test_only_editors_create_and_revoke_preview_links(writer, editor):
    release = embargoed()
    with pytest.raises(PermissionDenied):
        services.release_create_preview_link(release=release, actor=writer, recipient="Ana")
    link, _token = services.release_create_preview_link(release=release, actor=editor, recipient="Ana")
    with pytest.raises(PermissionDenied):
        services.release_revoke_preview_link(link=link, actor=writer)
    services.release_revoke_preview_link(link=link, actor=editor)
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == editor
    with pytest.raises(services.WorkflowError):
        services.release_revoke_preview_link(link=link, actor=editor)
    assert [event.action for event in release.events.order_by("at", "id")] == [
        Action.PREVIEW_LINK_CREATED,
        Action.PREVIEW_LINK_REVOKED,
    ]


def test_the_audit_trail_outlives_a_deleted_release(editor):
    release = draft()
    services.release_submit_for_review(release=release, actor=editor)
    pk = release.pk
    release.delete()
    assert ReleaseEvent.objects.filter(release_id=pk).count() == 1


@pytest.mark.parametrize("notes", [1, 25])
def test_release_page_with_change_notes_has_a_fixed_query_budget(client, editor, notes, django_assert_max_num_queries):
    release = public()
    for number in range(notes):
        services.release_add_change_note(release=release, actor=editor, text_es=f"Corrección {number}")
    with django_assert_max_num_queries(9):
        response = page(client, release)
    assert response.content.decode().count("Actualizado el") == notes


@pytest.mark.parametrize("size", [1, 20])
def test_withdrawn_page_has_a_fixed_query_budget(client, editor, size, django_assert_max_num_queries):
    from tests.factories import make_full_release

    release = make_full_release()
    for number in range(size):
        release.links.create(url=f"https://ref.example/{number}", position=10 + number)
    services.release_withdraw(release=release, actor=editor, explanation_es="Retirado")
    with django_assert_max_num_queries(9):
        assert page(client, release).status_code == 200
