"""Forms of the release admin: the release form (optimistic locking and workflow checks) and the
small forms of the withdraw and preview-link pages."""

from dataclasses import dataclass

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from releases import history, services
from releases.models import Release

PUBLISHING_FIELDS = ["published_at", "embargo_until"]
WORKFLOW_ACTIONS = ["_submit_for_review", "_publish", "_return_to_draft"]


class EditConflict(Exception):
    """Raised by a save that lost the race for the release's version: nothing was written."""


@dataclass
class Conflict:
    """What the form shows when someone else saved the release after this editor opened it."""

    changes: list  # of releases.history.Difference, or None when no copy of the seen version was kept
    by: object
    at: object


def _same_moment(a, b):
    """Times the admin's widgets show to the second: an untouched field is not a change."""
    if a is None or b is None:
        return a is b
    return a.replace(microsecond=0) == b.replace(microsecond=0)


class ReleaseAdminForm(forms.ModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_note_es = forms.CharField(
        label=_("Public change note (Spanish)"),
        required=False,
        max_length=500,
        help_text=_(
            "Optional. For a correction to a public release: shown on its page with today’s date, "
            "e.g. “Corrected the date of the hearing.”"
        ),
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
    )
    change_note_en = forms.CharField(
        label=_("Public change note (English)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
    )

    # Set by ReleaseAdmin.get_form for each request.
    actor = None
    workflow_action = None
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.check_version(cleaned)
        self.check_workflow(cleaned)
        return cleaned

    def check_version(self, cleaned):
        """Refuse a save over a version of the release this editor did not see.

        The instance is the release's row as locked for this save (ReleaseAdmin.get_object), so
        the comparison cannot be overtaken by another save on PostgreSQL; save_model's
        conditional UPDATE is the guarantee everywhere else.
        """
        release = self.instance
        seen = cleaned.get("seen_version")
        if seen == release.version:
            return
        if seen is None:
            raise ValidationError(_("This form does not say which version of the release it shows. Reload it."))
        changes = history.changes_since(release, seen)
        self.conflict = Conflict(changes=changes, by=release.updated_by, at=release.updated_at)
        # The form comes back with this editor's text; saving it again is now a decision made
        # knowing what changed, so it carries the version they have now seen.
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = str(release.version)
        who = (release.updated_by.get_full_name() or release.updated_by.get_username()) if release.updated_by else "?"
        raise ValidationError(
            _(
                "%(user)s saved this release at %(time)s, after you opened it, so nothing was saved. "
                "What changed is listed below; your text is still in the form. Bring their changes into "
                "yours, then save again."
            ),
            params={"user": who, "time": date_format(timezone.localtime(release.updated_at), "DATETIME_FORMAT")},
            code="edit_conflict",
        )

    def check_workflow(self, cleaned):
        """The workflow's own rules (releases.services guards), as form errors before any save."""
        release, actor = self.instance, self.actor

        def guard(check, field, **kwargs):
            try:
                check(release=release, actor=actor, **kwargs)
            except services.WorkflowError as error:
                self.add_error(field, error)

        for name in PUBLISHING_FIELDS:
            if name in self.fields and _same_moment(cleaned.get(name), getattr(release, name)):
                cleaned[name] = getattr(release, name)
        if "embargo_until" in self.fields and cleaned.get("embargo_until") != release.embargo_until:
            guard(services.check_set_embargo, "embargo_until", until=cleaned.get("embargo_until"))
        published = release.status == Release.Status.PUBLISHED
        if "published_at" in self.fields and published and cleaned.get("published_at") != release.published_at:
            guard(
                services.check_reschedule,
                "published_at",
                at=cleaned.get("published_at"),
                embargo_until=cleaned.get("embargo_until", release.embargo_until),
            )
        if cleaned.get("change_note_es") or cleaned.get("change_note_en"):
            if not cleaned.get("change_note_es"):
                self.add_error("change_note_es", _("Write the change note in Spanish at least."))
            guard(services.check_add_change_note, "change_note_es")
        match self.workflow_action:
            case "_submit_for_review":
                guard(services.check_submit_for_review, None)
            case "_publish":
                guard(services.check_publish, None, at=cleaned.get("published_at"))
            case "_return_to_draft":
                guard(services.check_return_to_draft, None)


class WithdrawForm(forms.Form):
    explanation_es = forms.CharField(
        label=_("Public explanation (Spanish)"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        help_text=_("Shown on the release’s page, which stays online marked as withdrawn."),
    )
    explanation_en = forms.CharField(
        label=_("Public explanation (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
    )


class PreviewLinkForm(forms.Form):
    recipient = forms.CharField(
        label=_("For"),
        max_length=200,
        help_text=_("Who the link is for: a name and outlet, e.g. “Ana López, El Universal”."),
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    expires_at = forms.SplitDateTimeField(
        label=_("Expires"),
        required=False,
        widget=widgets.AdminSplitDateTime,
        help_text=_("Leave empty to expire at the end of the embargo (the latest possible)."),
    )
