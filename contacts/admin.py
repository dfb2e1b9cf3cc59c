from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from contacts.models import Contact, Membership, Organisation, OrganisationLink
from contacts.signals import reach_lost
from newsroom.admin_ordering import OrderedInlineMixin


class ListingAdmin(admin.ModelAdmin):
    """Whether a name of the directory is listed publicly (contacts.listed.DirectoryEntry): only
    those with the model's `list_…` permission (editors) list one before a release names it,
    with the actions (which need no permission to change the rest) or the field."""

    actions = ["list_publicly", "stop_listing"]

    @property
    def listing_permission(self):
        return f"{self.opts.app_label}.list_{self.opts.model_name}"

    def has_list_permission(self, request):
        return request.user.has_perm(self.listing_permission)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "listed_from"]
        return readonly if self.has_list_permission(request) else [*readonly, "is_listed"]

    @admin.display(description=_("listed publicly"), boolean=True)
    def listed_now(self, obj):
        return obj.is_listed_now

    @admin.action(description=_("List publicly now, before a release names them"), permissions=["list"])
    def list_publicly(self, request, queryset):
        self._set_listed(request, queryset, True)

    @admin.action(description=_("List only once a public release names them"), permissions=["list"])
    def stop_listing(self, request, queryset):
        self._set_listed(request, queryset, False)

    def _set_listed(self, request, queryset, listed):
        changed = list(queryset.exclude(is_listed=listed))
        for obj in changed:
            obj.is_listed = listed
            obj.save(update_fields=["is_listed"])
            self.log_change(request, obj, [{"changed": {"fields": ["is_listed"]}}])
        message = ngettext("%(count)d entry changed.", "%(count)d entries changed.", len(changed)) % {
            "count": len(changed)
        }
        self.message_user(request, message, messages.SUCCESS)


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
class OrganisationAdmin(ListingAdmin, TabbedTranslationAdmin):
    list_display = ["name", "short_name", "kind", "is_publisher", "listed_now", "member_count", "release_count"]
    list_filter = ["kind", "is_publisher", "is_listed"]
    search_fields = ["name_es", "name_en", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name_es"], "slug_en": ["name_en"]}
    inlines = [OrganisationLinkInline, MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "slug_en", "kind", "is_publisher"]}),
        (_("Profile"), {"fields": ["description", "website", "logo"]}),
        (_("Public directory"), {"fields": ["is_listed", "listed_from"]}),
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
class ContactAdmin(ListingAdmin, TabbedTranslationAdmin):
    list_display = ["name", "role", "organisation", "email", "phone", "is_public", "listed_now"]
    list_filter = ["is_public", "is_listed", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "phone", "mobile", "organisation__name_es", "organisation__short_name"]
    autocomplete_fields = ["organisation"]
    fields = [
        "name",
        "role",
        "organisation",
        "email",
        "phone",
        "mobile",
        "is_public",
        "photo",
        "is_listed",
        "listed_from",
    ]

    def get_queryset(self, request):
        # __str__ names the organisation, and autocomplete lists use it.
        return super().get_queryset(request).select_related("organisation")

    def save_model(self, request, obj, form, change):
        was_reachable = change and Contact.objects.get(pk=obj.pk).is_reachable
        super().save_model(request, obj, form, change)
        if was_reachable and not obj.is_reachable:
            # Apps built on the directory say what depended on reaching this person.
            for _receiver, lines in reach_lost.send(sender=Contact, contact=obj, actor=request.user):
                for line in lines or []:
                    self.message_user(request, line, messages.WARNING)
