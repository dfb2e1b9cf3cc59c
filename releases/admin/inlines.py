"""The rows edited on a release's page: issuing organisations, media contacts, links, attachments."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from newsroom.admin_ordering import OrderedInlineFormSet, OrderedInlineMixin
from releases import services
from releases.models import Attachment, IssuingOrganisation, MediaContact, ReferenceLink


class LabelledDeleteMixin:
    """A row's "delete" box named, like its other fields (the formset adds it to each form)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete this row")


class ReleaseRowsMixin:
    """Rows edited on a release's page follow the release's own rule: whoever may not change the
    release (a writer, once it is published) sees them read-only too."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))

    def get_formset(self, request, obj=None, **kwargs):
        # A row's fields sit under column headers, with no label of their own: name each one.
        formset = super().get_formset(request, obj, **kwargs)
        for field in formset.form.base_fields.values():
            if field.label:
                field.widget.attrs.setdefault("aria-label", field.label)  # lazy: in each request's language
        return type(formset.__name__, (LabelledDeleteMixin, formset), {})

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))


class IssuingOrganisationInline(ReleaseRowsMixin, OrderedInlineMixin, admin.TabularInline):
    model = IssuingOrganisation
    autocomplete_fields = ["organisation"]
    extra = 1
    min_num = 1


class MediaContactFormSet(OrderedInlineFormSet):
    """The media contacts on the page. When the editor publishes (or schedules) with this save,
    journalists must be able to reach the press contacts as they are on the page, not as they
    were before it (services.check_press_contacts, which release_publish applies again)."""

    def __init__(self, *args, publishing=False, unreachable_contacts_reason="", **kwargs):
        super().__init__(*args, **kwargs)
        self.publishing = publishing
        self.unreachable_contacts_reason = unreachable_contacts_reason

    def clean(self):
        super().clean()
        if not self.publishing:
            return
        if any(form.errors for form in self.forms):
            return  # the rows' own errors first
        kept = [form for form in self.forms if form.has_changed() or form.instance.pk]
        kept = [form for form in kept if not (self.can_delete and self._should_delete_form(form))]
        press_contacts = [form.cleaned_data["press_contact"] for form in kept if form.cleaned_data.get("press_contact")]
        try:
            services.check_press_contacts(press_contacts, unreachable_contacts_reason=self.unreachable_contacts_reason)
        except services.UnreachableContacts as refusal:
            raise ValidationError(" ".join(refusal.messages), code="unreachable_contacts") from refusal


class MediaContactInline(ReleaseRowsMixin, OrderedInlineMixin, admin.TabularInline):
    model = MediaContact
    formset = MediaContactFormSet
    autocomplete_fields = ["spokesperson", "press_contact"]
    fields = ["spokesperson", "press_contact", "order"]
    extra = 1


class ReferenceLinkInline(ReleaseRowsMixin, OrderedInlineMixin, TranslationTabularInline):
    model = ReferenceLink
    extra = 1


class AttachmentInline(ReleaseRowsMixin, OrderedInlineMixin, TranslationTabularInline):
    model = Attachment
    fields = ["title", "file", "size", "order"]
    readonly_fields = ["size"]
    extra = 0


INLINES = [IssuingOrganisationInline, MediaContactInline, ReferenceLinkInline, AttachmentInline]
