"""The editorial workflow declared as data, and the guards derived from it.

`TRANSITIONS` says, for each workflow step, from which public states (releases/models/states.py)
it may be taken, which status it leaves the release in (None: the status stays), who may take
it, and why it is refused from any other state. As in GOV.UK Whitehall's edition workflow, the
table is the rule: the `check_*` guards read it, and add only what depends on the step's input
(a time, an explanation). The services call the guards before writing; the admin's form and the
importer call them to refuse a request before anything is saved.

A guard raises PermissionDenied when the actor may not take the step at all, and WorkflowError
(a ValidationError, with a message an editor can act on) when the release or the input does not
allow it now. Permission is checked first.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.text import describe_moment
from releases.models import PublicState, Status

S = PublicState
# Who may take a step: whoever may edit the release (writers, while it is a draft or in review;
# editors otherwise: Release.can_be_edited_by), or whoever has a permission.
EDITOR_OF_RELEASE = "edit"


@dataclass(frozen=True)
class Transition:
    from_states: frozenset
    to_status: str | None
    permission: str
    refused: str  # why the step is refused from a state not in from_states
    refused_from: dict = field(default_factory=dict)  # a more precise reason for some states


TRANSITIONS = {
    "submit_for_review": Transition(
        frozenset({S.DRAFT}),
        Status.IN_REVIEW,
        EDITOR_OF_RELEASE,
        gettext_lazy("Only a draft can be submitted for review."),
    ),
    "return_to_draft": Transition(
        # Scheduled or under embargo, nobody outside has seen it, so it can go back quietly.
        frozenset({S.IN_REVIEW, S.SCHEDULED, S.EMBARGOED}),
        Status.DRAFT,
        EDITOR_OF_RELEASE,
        gettext_lazy("Only a release in review, scheduled or under embargo can be returned to draft."),
        {S.PUBLIC: gettext_lazy("This release is already public: withdraw it instead, with an explanation.")},
    ),
    "publish": Transition(
        frozenset({S.DRAFT, S.IN_REVIEW}),
        Status.PUBLISHED,
        "releases.publish_release",
        gettext_lazy("Only a draft or a release in review can be published."),
    ),
    "reschedule": Transition(
        frozenset({S.SCHEDULED, S.EMBARGOED, S.PUBLIC}),
        None,
        "releases.publish_release",
        gettext_lazy("Only a published release has a publication time to change."),
    ),
    "set_embargo": Transition(
        frozenset({S.DRAFT, S.IN_REVIEW, S.SCHEDULED, S.EMBARGOED, S.PUBLIC}),
        None,
        "releases.publish_release",
        gettext_lazy("A withdrawn release cannot be put under embargo."),
    ),
    "withdraw": Transition(
        frozenset({S.PUBLIC}),
        Status.WITHDRAWN,
        "releases.withdraw_release",
        gettext_lazy(
            "Only a public release can be withdrawn. A scheduled or embargoed release can be returned to draft instead."
        ),
    ),
    "add_change_note": Transition(
        frozenset({S.PUBLIC}),
        None,
        "releases.publish_release",
        gettext_lazy("Change notes are for corrections to a public release."),
    ),
    "create_preview_link": Transition(
        frozenset({S.EMBARGOED}),
        None,
        "releases.manage_preview_links",
        gettext_lazy("Preview links are for published releases under an embargo that has not ended."),
    ),
}


class WorkflowError(ValidationError):
    """The release is not in a state that allows this action (or the input makes no sense)."""


def require(actor, permission):
    if not actor.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


def require_editable(release, actor):
    if not release.can_be_edited_by(actor):
        raise PermissionDenied(_("You do not have permission to change this release."))


def check_transition(step, *, release, actor):
    """Whether `actor` may take `step` (a key of TRANSITIONS) on `release` as it stands now."""
    transition = TRANSITIONS[step]
    if transition.permission == EDITOR_OF_RELEASE:
        require_editable(release, actor)
    else:
        require(actor, transition.permission)
    state = release.public_state
    if state not in transition.from_states:
        raise WorkflowError(str(transition.refused_from.get(state, transition.refused)))


def publication_time(at, embargo_until):
    """When a release published for `at` becomes public. Publishing under an embargo means
    publishing when the embargo ends, so that is its publication time: the date journalists
    see, feeds give and URLs carry is the day it really went out (the database insists)."""
    return max(at, embargo_until) if embargo_until is not None else at


# --- Guards ------------------------------------------------------------------------------


def check_submit_for_review(*, release, actor):
    check_transition("submit_for_review", release=release, actor=actor)


def check_return_to_draft(*, release, actor):
    check_transition("return_to_draft", release=release, actor=actor)


def check_publish(*, release, actor, at=None, press_contacts=None, unreachable_contacts_reason=""):
    """`press_contacts`: the release's press contacts as they will be when it is published (the
    admin's form passes those on the page); by default, those it has now."""
    check_transition("publish", release=release, actor=actor)
    if press_contacts is None:
        press_contacts = [row.press_contact for row in release.media_contacts.select_related("press_contact")]
    check_press_contacts(press_contacts, unreachable_contacts_reason=unreachable_contacts_reason)


# --- The journalist's guard: whom to call --------------------------------------------------


class UnreachableContacts(WorkflowError):
    """Publishing would leave journalists nobody to call. `problems`: one line per press contact
    that cannot be reached (empty when the release has no media contact at all)."""

    def __init__(self, message, problems):
        super().__init__(message, code="unreachable_contacts")
        self.problems = problems


def contact_problem(contact):
    """What a journalist lacks to reach `contact` from the release's page, or None."""
    if contact.is_reachable:
        return None
    if not contact.is_public:
        return _("%(name)s: the phone and email are not public") % {"name": contact.name}
    return _("%(name)s: no phone or email") % {"name": contact.name}


def press_contact_problems(press_contacts):
    """[line] for each press contact a journalist could not reach; [None] for no contact at all."""
    if not press_contacts:
        return [None]
    return [problem for contact in press_contacts if (problem := contact_problem(contact))]


def check_press_contacts(press_contacts, *, unreachable_contacts_reason=""):
    """Refuse to publish a release whose page would say “contact X” with nothing to call or write
    to (a press contact without a public phone or email), or that names no media contact at all:
    journalists on deadline use the page to find whom to call. An editor may publish anyway with
    a reason (`unreachable_contacts_reason`), which the audit trail keeps."""
    problems = press_contact_problems(press_contacts)
    if not problems or (unreachable_contacts_reason or "").strip():
        return
    if problems == [None]:
        message = _(
            "This release has no media contact: journalists would not know whom to call. Add one, or give a "
            "reason to publish it anyway."
        )
        raise UnreachableContacts(message, [])
    message = _(
        "Journalists could not reach the press contacts of this release: %(problems)s. Make their details "
        "public, choose other press contacts, or give a reason to publish it anyway."
    ) % {"problems": "; ".join(problems)}
    raise UnreachableContacts(message, problems)


def unreachable_contacts_note(press_contacts, reason):
    """The line an audit event keeps when an editor published past check_press_contacts."""
    problems = [problem for problem in press_contact_problems(press_contacts) if problem] or [_("no media contact")]
    return _("Published without reachable press contacts. Reason: %(reason)s (%(problems)s)") % {
        "reason": reason.strip(),
        "problems": "; ".join(problems),
    }


UNCHANGED = object()


def check_reschedule(*, release, actor, at, embargo_until=UNCHANGED):
    """`embargo_until`: the embargo the release will have, when a save changes both."""
    check_transition("reschedule", release=release, actor=actor)
    if at is None:
        raise WorkflowError(_("A published release needs a publication time."))
    if release.is_published and at > timezone.now():
        raise WorkflowError(_("This release is already public: it cannot be moved to the future. Withdraw it instead."))
    if embargo_until is UNCHANGED:
        embargo_until = release.embargo_until
    if embargo_until is not None and at < embargo_until and not release.is_published:
        raise WorkflowError(
            _("The embargo ends on %(when)s: the release cannot become public earlier. Change the embargo first.")
            % {"when": describe_moment(embargo_until)}
        )


def check_set_embargo(*, release, actor, until):
    check_transition("set_embargo", release=release, actor=actor)
    if until is None:
        return
    if until <= timezone.now():
        raise WorkflowError(_("An embargo must end in the future."))
    if release.is_published:
        raise WorkflowError(_("This release is already public: an embargo can no longer hide it."))


def check_withdraw(*, release, actor, explanation_es=""):
    check_transition("withdraw", release=release, actor=actor)
    if not (explanation_es or "").strip():
        raise WorkflowError(_("Explain publicly, in Spanish at least, why the release is withdrawn."))


def check_add_change_note(*, release, actor):
    check_transition("add_change_note", release=release, actor=actor)


def check_create_preview_link(*, release, actor, expires_at=None):
    check_transition("create_preview_link", release=release, actor=actor)
    if expires_at is not None and expires_at > release.embargo_until:
        raise WorkflowError(_("A preview link must expire at the end of the embargo at the latest."))
    if expires_at is not None and expires_at <= timezone.now():
        raise WorkflowError(_("A preview link must expire in the future."))


def check_recover(*, status, actor):
    """Whether `actor` may bring back a deleted release that had `status`: whoever may add
    releases recovers a draft or one in review, and an editor anything else."""
    require(actor, "releases.add_release")
    if status not in (Status.DRAFT, Status.IN_REVIEW):
        require(actor, "releases.publish_release")


def check_delete(*, release, actor):
    """Release.can_be_deleted_by: writers their own drafts, editors any release."""
    require(actor, "releases.delete_release")
    if not release.can_be_deleted_by(actor):
        raise PermissionDenied(_("Writers delete only drafts they created themselves; ask an editor."))
