from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from contacts.models import Contact, Membership, Organisation, OrganisationLink
from newsroom.admin_ordering import OrderedInlineMixin


class OrganisationLinkInline(OrderedInlineMixin, admin.TabularInline):
    model = OrganisationLink
    extra = 1


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "coalition"
    autocomplete_fields = ["member"]
    extra = 1
    verbose_name = _("member organisation")
    verbose_name_plural = _("member organisations (for a coalition)")


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "short_name", "kind", "is_publisher", "member_count", "release_count"]
    list_filter = ["kind", "is_publisher"]
    search_fields = ["name_es", "name_en", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name_es"], "slug_en": ["name_en"]}
    inlines = [OrganisationLinkInline, MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "slug_en", "kind", "is_publisher"]}),
        (_("Profile"), {"fields": ["description", "website", "logo"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=Count("memberships", distinct=True),
                release_count=Count("releases", distinct=True),
            )
        )

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, organisation):
        return organisation.member_count

    @admin.display(description=_("releases signed"), ordering="release_count")
    def release_count(self, organisation):
        return organisation.release_count


@admin.register(Contact)
class ContactAdmin(TabbedTranslationAdmin):
    list_display = ["name", "role", "organisation", "email", "phone", "is_public"]
    list_filter = ["is_public", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "phone", "mobile", "organisation__name_es", "organisation__short_name"]
    autocomplete_fields = ["organisation"]
    fields = ["name", "role", "organisation", "email", "phone", "mobile", "is_public", "photo"]

    def get_queryset(self, request):
        # __str__ names the organisation, and autocomplete lists use it.
        return super().get_queryset(request).select_related("organisation")
