"""The rows edited on a release's page: issuing organisations, media contacts, links, attachments."""

from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from newsroom.admin_ordering import OrderedInlineMixin
from releases.models import Attachment, IssuingOrganisation, MediaContact, ReferenceLink


class ReleaseRowsMixin:
    """Rows edited on a release's page follow the release's own rule: whoever may not change the
    release (a writer, once it is published) sees them read-only too."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))


class IssuingOrganisationInline(ReleaseRowsMixin, OrderedInlineMixin, admin.TabularInline):
    model = IssuingOrganisation
    autocomplete_fields = ["organisation"]
    extra = 1
    min_num = 1


class MediaContactInline(ReleaseRowsMixin, OrderedInlineMixin, admin.TabularInline):
    model = MediaContact
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
