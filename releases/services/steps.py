"""The workflow's steps: submit, return to draft, publish (or schedule), reschedule, embargo,
withdraw, public change notes and embargo preview links.

Each is keyword-only and, in one transaction on the locked release row, checks the actor and
the release's state (releases/services/transitions.py), makes the change through
recording.write() (version, revision, announcement) and records an audit event (who, when, what).
"""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.text import describe_moment
from releases.models import ChangeNote, PreviewLink, ReleaseEvent, Status
from releases.services.notifications import notify_editors_of_submission
from releases.services.recording import end_preview_links, locked, record_event, write
from releases.services.transitions import (
    TRANSITIONS,
    WorkflowError,
    check_add_change_note,
    check_create_preview_link,
    check_publish,
    check_reschedule,
    check_return_to_draft,
    check_set_embargo,
    check_submit_for_review,
    check_withdraw,
    press_contact_problems,
    publication_time,
    require,
    unreachable_contacts_note,
)
from releases.signals import announce

Action = ReleaseEvent.Action


@transaction.atomic
def release_submit_for_review(*, release, actor):
    check_submit_for_review(release=locked(release), actor=actor)
    write(release, actor, _("Submitted for review."), status=TRANSITIONS["submit_for_review"].to_status)
    record_event(release=release, actor=actor, action=Action.SUBMITTED)
    notify_editors_of_submission(release=release, actor=actor)
    return release


@transaction.atomic
def release_return_to_draft(*, release, actor):
    before = locked(release)
    check_return_to_draft(release=before, actor=actor)
    detail = ""
    if before.public_since is not None:  # it was scheduled, or under embargo
        detail = _("It was to become public on %(when)s.") % {"when": describe_moment(before.public_since)}
    write(release, actor, _("Returned to draft."), status=TRANSITIONS["return_to_draft"].to_status)
    record_event(release=release, actor=actor, action=Action.RETURNED_TO_DRAFT, detail=detail)
    return release


@transaction.atomic
def release_publish(*, release, actor, at=None, unreachable_contacts_reason=""):
    """Publish now, or schedule for `at` when that is in the future (no job needed: published()
    compares the time in every query). Under an embargo, the release goes out when it ends.

    Refused (UnreachableContacts) when journalists could not reach its press contacts, unless
    the editor gives `unreachable_contacts_reason`, which the audit event keeps."""
    before = locked(release)
    press_contacts = [row.press_contact for row in before.media_contacts.select_related("press_contact")]
    check_publish(
        release=before,
        actor=actor,
        at=at,
        press_contacts=press_contacts,
        unreachable_contacts_reason=unreachable_contacts_reason,
    )
    now = timezone.now()
    at = publication_time(at or now, before.embargo_until or now)
    write(release, actor, _("Published."), status=TRANSITIONS["publish"].to_status, published_at=at)
    action = Action.SCHEDULED if at > now else Action.PUBLISHED
    detail = describe_moment(at)
    if press_contact_problems(press_contacts):  # published past the guard, with a reason
        detail = f"{unreachable_contacts_note(press_contacts, unreachable_contacts_reason)} · {detail}"
    record_event(release=release, actor=actor, action=action, detail=detail)
    return release


@transaction.atomic
def release_reschedule(*, release, actor, at):
    """Change the publication time of a published release (a scheduled one, or to correct the date
    of a public one; a public release cannot be moved to the future)."""
    before = locked(release)
    check_reschedule(release=before, actor=actor, at=at)
    if before.published_at == at:
        return release
    write(release, actor, _("Publication time changed."), published_at=at)
    detail = _("from %(old)s to %(new)s") % {"old": describe_moment(before.published_at), "new": describe_moment(at)}
    record_event(release=release, actor=actor, action=Action.RESCHEDULED, detail=detail)
    return release


@transaction.atomic
def release_set_embargo(*, release, actor, until):
    """Set, change or lift (until=None) the embargo. Preview links never outlive the embargo, so
    an earlier embargo shortens them.

    A published (so far scheduled) release keeps its publication time at or after the end of
    its embargo: a later embargo moves it along; a release that was waiting for its embargo to
    end follows the embargo when it moves earlier, and goes out now when it is lifted.
    """
    before = locked(release)
    check_set_embargo(release=before, actor=actor, until=until)
    if before.embargo_until == until:
        return release
    fields = {"embargo_until": until}
    if before.status == Status.PUBLISHED:
        waiting_for_embargo = before.published_at == before.embargo_until
        if until is None:
            if waiting_for_embargo:
                fields["published_at"] = timezone.now()
        else:
            fields["published_at"] = until if waiting_for_embargo else publication_time(before.published_at, until)
    write(release, actor, _("Embargo changed."), **fields)
    if until is None:
        record_event(release=release, actor=actor, action=Action.EMBARGO_LIFTED)
        return release
    release.preview_links.filter(expires_at__gt=until).update(expires_at=until)
    if before.embargo_until is None:
        record_event(release=release, actor=actor, action=Action.EMBARGO_SET, detail=describe_moment(until))
    else:
        detail = _("from %(old)s to %(new)s") % {
            "old": describe_moment(before.embargo_until),
            "new": describe_moment(until),
        }
        record_event(release=release, actor=actor, action=Action.EMBARGO_CHANGED, detail=detail)
    return release


@transaction.atomic
def release_withdraw(*, release, actor, explanation_es, explanation_en=""):
    """Retract a public release. Its page stays online, marked withdrawn with the explanation and
    date; it leaves lists, feeds, the sitemap and search (they use published())."""
    check_withdraw(release=locked(release), actor=actor, explanation_es=explanation_es)
    now = timezone.now()
    explanation = {
        build_localized_fieldname("withdrawal_explanation", "es"): explanation_es.strip(),
        build_localized_fieldname("withdrawal_explanation", "en"): (explanation_en or "").strip(),
    }
    status = TRANSITIONS["withdraw"].to_status
    write(release, actor, _("Withdrawn."), status=status, withdrawn_at=now, **explanation)
    end_preview_links(release, actor=actor, at=now)
    record_event(release=release, actor=actor, action=Action.WITHDRAWN, detail=explanation_es.strip())
    return release


@transaction.atomic
def release_add_change_note(*, release, actor, text_es, text_en=""):
    """A public, dated correction note, listed on the release page and in feeds' `updated`."""
    check_add_change_note(release=locked(release), actor=actor)
    if not (text_es or "").strip():
        raise WorkflowError(_("Write the change note in Spanish at least."))
    note = ChangeNote.objects.create(
        release=release, text_es=text_es.strip(), text_en=(text_en or "").strip(), created_by=actor
    )
    record_event(release=release, actor=actor, action=Action.CHANGE_NOTE_ADDED, detail=note.text_es)
    announce(release)
    return note


@transaction.atomic
def release_create_preview_link(*, release, actor, recipient, expires_at=None):
    """A secret link for one accredited journalist to read the release before its embargo ends.

    Returns (link, token). Only the token's hash is stored: the caller shows the link once.
    """
    before = locked(release)
    check_create_preview_link(release=before, actor=actor, expires_at=expires_at)
    recipient = (recipient or "").strip()
    if not recipient:
        raise WorkflowError(_("Say who the link is for."))
    token = secrets.token_urlsafe(32)
    link = PreviewLink.objects.create(
        release=release,
        token_hash=PreviewLink.hash_token(token),
        recipient=recipient,
        created_by=actor,
        expires_at=expires_at or before.embargo_until,
    )
    detail = _("for %(recipient)s, until %(when)s") % {"recipient": recipient, "when": describe_moment(link.expires_at)}
    record_event(release=release, actor=actor, action=Action.PREVIEW_LINK_CREATED, detail=detail)
    return link, token


@transaction.atomic
def release_revoke_preview_link(*, link, actor):
    require(actor, "releases.manage_preview_links")
    link = PreviewLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        raise WorkflowError(_("This preview link was already revoked."))
    link.revoked_at = timezone.now()
    link.revoked_by = actor
    link.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        release=link.release, actor=actor, action=Action.PREVIEW_LINK_REVOKED, detail=_("for %s") % link.recipient
    )
    return link
