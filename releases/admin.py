from django.contrib import admin
from django.db.models import Prefetch
from django.urls import path
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from newsroom.admin_ordering import OrderedInlineMixin
from releases.admin_import import import_markdown_view
from releases.models import Attachment, MediaContact, ReferenceLink, Release, Signatory, Topic


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_es", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_es"]}


class SignatoryInline(OrderedInlineMixin, admin.TabularInline):
    model = Signatory
    autocomplete_fields = ["organisation"]
    extra = 1
    min_num = 1


class MediaContactInline(OrderedInlineMixin, admin.TabularInline):
    model = MediaContact
    autocomplete_fields = ["spokesperson", "press_contact"]
    fields = ["spokesperson", "press_contact", "order"]
    extra = 1


class ReferenceLinkInline(OrderedInlineMixin, TranslationTabularInline):
    model = ReferenceLink
    extra = 1


class AttachmentInline(OrderedInlineMixin, TranslationTabularInline):
    model = Attachment
    fields = ["title", "file", "size", "order"]
    readonly_fields = ["size"]
    extra = 0


@admin.register(Release)
class ReleaseAdmin(TabbedTranslationAdmin):
    list_display = ["title", "status", "is_published", "published_at", "issued_by", "updated_at"]
    list_filter = [
        "status",
        ("issuing_organisations", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        "published_at",
    ]
    date_hierarchy = "published_at"
    search_fields = ["title_es", "title_en", "summary_es", "summary_en", "slug"]
    prepopulated_fields = {"slug": ["title_es"]}
    autocomplete_fields = ["mentioned_organisations", "topics"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by", "import_key"]
    inlines = [SignatoryInline, MediaContactInline, ReferenceLinkInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "dateline_place", "body", "context"]}),
        (_("Publication"), {"fields": ["status", "published_at", "embargo_until"]}),
        (_("Organisations and topics"), {"fields": ["mentioned_organisations", "topics"]}),
        (_("Featured image"), {"fields": ["featured_image", "featured_image_alt", "featured_image_credit"]}),
        (
            _("History"),
            {"classes": ["collapse"], "fields": ["created_at", "created_by", "updated_at", "updated_by", "import_key"]},
        ),
    ]

    def get_urls(self):
        import_view = self.admin_site.admin_view(lambda request: import_markdown_view(self, request))
        return [path("import/", import_view, name="releases_release_import"), *super().get_urls()]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("signatories", queryset=Signatory.objects.select_related("organisation")))
        )

    @admin.display(description=_("public now"), boolean=True)
    def is_published(self, release):
        return release.is_published

    @admin.display(description=_("issued by"))
    def issued_by(self, release):
        return ", ".join(
            signatory.organisation.short_name or signatory.organisation.name for signatory in release.signatories.all()
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
