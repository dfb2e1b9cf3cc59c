"""Every change of a release goes through these functions, and only them.

- transitions.py: the workflow declared as data (`TRANSITIONS`: step -> from-states -> to-state)
  and the `check_*` guards derived from it, which the admin's form and the importer also call;
- steps.py: the workflow's steps (`release_submit_for_review`, `release_publish`, …);
- editing.py: saving from the admin (`release_save`, `release_apply_edit`), restoring a
  revision, recovering and deleting a release;
- importing.py: writing an imported release's state (`release_import`);
- recording.py: the one way a release's row changes (version, baseline and revision) and the
  audit trail;
- press_contacts.py: flagging releases awaiting publication whose press contact can no longer
  be reached.

Nothing else assigns `status`, `published_at`, `embargo_until` or `withdrawn_at`
(tests/test_write_path.py reads the source to hold that). Every change is announced after it
commits with the `releases.signals.content_changed` signal.

This package's names are imported here so callers say `services.release_publish(...)`.
"""

from releases.services.editing import (
    STATE_FIELDS,
    Edit,
    EditConflict,
    release_apply_edit,
    release_delete,
    release_recover,
    release_restore_revision,
    release_save,
)
from releases.services.importing import (
    ImportedState,
    check_import,
    import_refusal,
    may_set_times,
    release_import,
    release_import_change_notes,
    release_record_import,
    times_not_applied,
)
from releases.services.press_contacts import releases_flag_unreachable_press_contact
from releases.services.recording import keep_baseline, keep_revision, record_event
from releases.services.steps import (
    release_add_change_note,
    release_create_preview_link,
    release_publish,
    release_reschedule,
    release_return_to_draft,
    release_revoke_preview_link,
    release_set_embargo,
    release_submit_for_review,
    release_withdraw,
)
from releases.services.transitions import (
    TRANSITIONS,
    UNCHANGED,
    UnreachableContacts,
    WorkflowError,
    check_add_change_note,
    check_create_preview_link,
    check_delete,
    check_press_contacts,
    check_publish,
    check_recover,
    check_reschedule,
    check_return_to_draft,
    check_set_embargo,
    check_submit_for_review,
    check_transition,
    check_withdraw,
    press_contact_problems,
    publication_time,
)

__all__ = [
    "STATE_FIELDS",
    "TRANSITIONS",
    "UNCHANGED",
    "UnreachableContacts",
    "Edit",
    "EditConflict",
    "ImportedState",
    "WorkflowError",
    "check_add_change_note",
    "check_create_preview_link",
    "check_delete",
    "check_press_contacts",
    "check_import",
    "check_publish",
    "check_recover",
    "check_reschedule",
    "check_return_to_draft",
    "check_set_embargo",
    "check_submit_for_review",
    "check_transition",
    "check_withdraw",
    "import_refusal",
    "keep_baseline",
    "keep_revision",
    "may_set_times",
    "press_contact_problems",
    "publication_time",
    "record_event",
    "release_add_change_note",
    "release_apply_edit",
    "release_create_preview_link",
    "release_delete",
    "release_import",
    "release_import_change_notes",
    "release_publish",
    "release_record_import",
    "release_recover",
    "release_reschedule",
    "release_restore_revision",
    "release_return_to_draft",
    "release_revoke_preview_link",
    "release_save",
    "release_set_embargo",
    "release_submit_for_review",
    "release_withdraw",
    "releases_flag_unreachable_press_contact",
    "times_not_applied",
]
