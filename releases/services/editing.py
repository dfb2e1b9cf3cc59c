"""Saving a release from its admin page, bringing back an old version of it, and deleting it.

An admin save is two calls, made by ReleaseAdmin.save_model and save_related:

1. `release_save()` writes the release's own text, only over the version its editor saw
   (optimistic locking: EditConflict otherwise, nothing written), after keeping a baseline
   revision of a release that has no history yet;
2. `release_apply_edit()`, once the rows edited on the same page are saved, takes the rest of
   what the editor asked for (`Edit`: embargo, publication time, public change note, a workflow
   step) through the workflow's own steps, and keeps the save's one revision.

Restoring a revision brings back text and rows, never the release's state (publication, embargo,
withdrawal); recovering brings back a deleted release as it was.
"""

from dataclasses import dataclass

import reversion
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from newsroom.text import describe_moment
from releases.models import Release, ReleaseEvent, Status
from releases.services.recording import keep_baseline, keep_revision, locked, record_event
from releases.services.steps import (
    release_add_change_note,
    release_publish,
    release_reschedule,
    release_return_to_draft,
    release_set_embargo,
    release_submit_for_review,
)
from releases.services.transitions import UNCHANGED, check_delete, check_recover, require, require_editable
from releases.signals import announce

Action = ReleaseEvent.Action

# What only the workflow changes; restoring an old version keeps these as they are now.
STATE_FIELDS = ["status", "published_at", "embargo_until", "withdrawn_at", "version"]
STATE_FIELDS += ["withdrawal_explanation", "withdrawal_explanation_es", "withdrawal_explanation_en"]


class EditConflict(Exception):
    """Raised by a save that lost the race for the release's version: nothing was written."""


@dataclass(frozen=True)
class Edit:
    """What an editor asked for on a release's page besides its text. UNCHANGED: that field was
    not on their form (only editors see the times)."""

    published_at: object = UNCHANGED
    embargo_until: object = UNCHANGED
    change_note_es: str = ""
    change_note_en: str = ""
    step: str | None = None  # "submit_for_review", "publish" or "return_to_draft"
    unreachable_contacts_reason: str = ""  # an editor publishing past check_press_contacts


@transaction.atomic
def release_save(*, release, actor, seen_version=None, planned_at=UNCHANGED):
    """Save the editable text of `release`: a new one (created as a draft by `actor`), or an
    existing one holding the editor's text and its state as stored, when `seen_version` is still
    its version. `planned_at`: the publication time an editor plans for a draft or a release in
    review (a published release's time changes through release_reschedule)."""
    if release.pk is None:
        release.created_by, release.version = actor, 1
    else:
        keep_baseline(release, _("The release before its first edit in the admin."))
        # The guarantee: only one save can move the version on from the one this editor saw.
        if not Release.objects.filter(pk=release.pk, version=seen_version).update(version=F("version") + 1):
            raise EditConflict
        release.version = seen_version + 1
    unpublished = release.status in (Status.DRAFT, Status.IN_REVIEW)
    if planned_at is not UNCHANGED and planned_at != release.published_at and unpublished:
        require(actor, "releases.publish_release")
        release.published_at = planned_at
    release.updated_by = actor
    release.save()
    announce(release)
    return release


STEPS = {
    "submit_for_review": release_submit_for_review,
    "publish": release_publish,
    "return_to_draft": release_return_to_draft,
}


@transaction.atomic
def release_apply_edit(*, release, actor, edit, comment):
    """The rest of an admin save, after release_save and the rows: `edit`'s embargo, publication
    time, change note and workflow step, each through its step (checked and recorded); then one
    revision of the release with its rows, with `comment` (what the admin says changed)."""
    with reversion.create_revision():
        reversion.set_user(actor)
        saved_at = release.published_at  # before a new embargo moves it along
        if edit.embargo_until is not UNCHANGED and edit.embargo_until != release.embargo_until:
            release_set_embargo(release=release, actor=actor, until=edit.embargo_until)
        # Only a time the editor changed: a new embargo may itself have moved the publication time.
        moved = edit.published_at is not UNCHANGED and edit.published_at != saved_at
        if moved and release.status == Status.PUBLISHED:
            release_reschedule(release=release, actor=actor, at=edit.published_at)
        if edit.change_note_es:
            release_add_change_note(
                release=release, actor=actor, text_es=edit.change_note_es, text_en=edit.change_note_en
            )
        if edit.step == "publish":
            at = edit.published_at if edit.published_at is not UNCHANGED else None
            release_publish(
                release=release, actor=actor, at=at, unreachable_contacts_reason=edit.unreachable_contacts_reason
            )
        elif edit.step:
            STEPS[edit.step](release=release, actor=actor)
        keep_revision(Release.objects.get(pk=release.pk), actor, comment)
    return release


def _saved_by(version):
    user = version.revision.user
    name = (user.get_full_name() or user.get_username()) if user else "—"
    return _("the version saved on %(when)s by %(user)s") % {
        "when": describe_moment(version.revision.date_created),
        "user": name,
    }


@transaction.atomic
def release_restore_revision(*, release, actor, version):
    """Bring back the text and the rows (links, contacts, issuing organisations, attachments) of
    `version`, a kept version of `release`, never its state: publishing, embargoes and
    withdrawal change only through the workflow's steps. The version number stays too, so the
    admin's form over the result saves (release_save) only if nobody saved meanwhile."""
    before = locked(release)
    require_editable(before, actor)
    state = {name: getattr(before, name) for name in STATE_FIELDS}
    version.revision.revert(delete=True)
    Release.objects.filter(pk=release.pk).update(**state)
    record_event(release=release, actor=actor, action=Action.RESTORED, detail=_saved_by(version))
    announce(release)
    return Release.objects.get(pk=release.pk)


@transaction.atomic
def release_recover(*, version, actor):
    """Bring back a deleted release from `version` (its last kept version), with its rows, as
    it was; its audit trail and change notes were never deleted, so it finds them again."""
    check_recover(status=version.field_dict.get("status"), actor=actor)
    version.revision.revert(delete=True)
    release = Release.objects.get(pk=version.object_id)
    record_event(release=release, actor=actor, action=Action.RECOVERED, detail=_saved_by(version))
    announce(release)
    return release


@transaction.atomic
def release_delete(*, release, actor):
    """Delete a release, keeping a revision of it first (so it can be recovered, even one that
    had no history) and a line in its audit trail, which outlives it."""
    check_delete(release=release, actor=actor)
    keep_revision(release, actor, _("Deleted."))
    record_event(release=release, actor=actor, action=Action.DELETED, detail=release.title)
    announce(release)
    release.delete()
