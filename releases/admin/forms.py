"""Forms of the release admin: the release form (optimistic locking and the workflow's guards)
and the small forms of the withdraw and preview-link pages."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from releases import history, services
from releases.models import Release

# Shown on the form, applied by the services (never by the form to the release it edits).
PUBLISHING_FIELDS = ["published_at", "embargo_until"]
# The workflow buttons next to Save, and the step each one takes.
WORKFLOW_ACTIONS = {
    "_submit_for_review": "submit_for_review",
    "_publish": "publish",
    "_return_to_draft": "return_to_draft",
}


def _check_may_publish(*, release, actor):
    """Publishing's own rule; whom journalists can call is checked on the media contacts as
    they are on the page (MediaContactFormSet), not as they were before this save."""
    services.check_transition("publish", release=release, actor=actor)


GUARDS = {
    "submit_for_review": services.check_submit_for_review,
    "publish": _check_may_publish,
    "return_to_draft": services.check_return_to_draft,
}


def time_zone_named():
    """The newsroom's zone, by name: the admin's date fields are read in it, whatever the
    editor's computer says."""
    zone = timezone.localtime().tzname()
    return _("Times are in %(zone)s (%(abbreviation)s).") % {"zone": settings.TIME_ZONE, "abbreviation": zone}


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


def unreachable_contacts_reason_field(help_text):
    """An editor's reason to let a release out past check_press_contacts (the release form's and
    the Markdown upload's), kept in the audit trail; `help_text` says when it is asked for."""
    return forms.CharField(
        label=_("Reason to publish without reachable press contacts"),
        required=False,
        max_length=300,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
    )


def _moment_field(name):
    """The model field's form field as the admin would make it, but not bound to the model."""
    return Release._meta.get_field(name).formfield(
        form_class=forms.SplitDateTimeField, widget=widgets.AdminSplitDateTime
    )


class ReleaseAdminForm(forms.ModelForm):
    """The release's text, plus what the editor asks of the workflow: publication time and
    embargo, a public change note, a workflow step. Only the text is saved by the form's model
    side; the rest is handed to releases.services as an `Edit` (see `edit()`), so the release
    this form edits never holds a state or time the services have not checked and recorded."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    published_at = _moment_field("published_at")
    embargo_until = _moment_field("embargo_until")
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
    unreachable_contacts_reason = unreachable_contacts_reason_field(
        _(
            "Only when publishing is refused because journalists could not call or write to the press "
            "contacts: why it must go out anyway. Kept in the audit trail."
        )
    )

    # Set by ReleaseAdmin.get_form for each request.
    actor = None
    step = None  # the workflow step of the button pressed (WORKFLOW_ACTIONS), or None
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        release = self.instance
        for name in PUBLISHING_FIELDS:
            if name in self.fields:
                self.fields[name].initial = getattr(release, name)
                field = self.fields[name]
                field.help_text = format_lazy("{} {}", field.help_text, time_zone_named())
                date, time = field.widget.widgets
                date.attrs["aria-label"] = _("%(field)s: date") % {"field": capfirst(field.label)}
                time.attrs["aria-label"] = _("%(field)s: time") % {"field": capfirst(field.label)}
        if release.pk:
            self.fields["seen_version"].initial = release.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.check_version(cleaned)
        self.check_workflow(cleaned)
        return cleaned

    def check_version(self, cleaned):
        """Refuse a save over a version of the release this editor did not see.

        The instance is the release's row as locked for this save (ReleaseAdmin.get_object), so
        the comparison cannot be overtaken by another save on PostgreSQL; release_save's
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
        if self.step is not None:
            guard(GUARDS[self.step], None)

    def _given(self, name):
        return self.cleaned_data.get(name) if name in self.fields else services.UNCHANGED

    def planned_at(self):
        """The publication time on the form (UNCHANGED when it is not on it), for release_save."""
        return self._given("published_at")

    def edit(self):
        """What this save asks of the workflow, for services.release_apply_edit."""
        return services.Edit(
            published_at=self._given("published_at"),
            embargo_until=self._given("embargo_until"),
            change_note_es=self.cleaned_data.get("change_note_es", ""),
            change_note_en=self.cleaned_data.get("change_note_en", ""),
            step=self.step,
            unreachable_contacts_reason=self.cleaned_data.get("unreachable_contacts_reason", ""),
        )


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
