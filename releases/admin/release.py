"""The release admin: the list, the change form, and saving it through releases.services."""

import json
from contextlib import nullcontext

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from newsroom.text import describe_moment
from releases import services
from releases.admin.forms import GUARDS, PUBLISHING_FIELDS, WORKFLOW_ACTIONS, ReleaseAdminForm
from releases.admin.inlines import INLINES, MediaContactInline
from releases.admin.pages import WorkflowPagesMixin, allowed, in_language, status_message, user_name
from releases.admin.preview import live_preview_view
from releases.admin.revisions import RevisionPagesMixin
from releases.admin.upload import import_markdown_view
from releases.models import Release, ReleaseEvent
from releases.models.queries import issuing_organisation_rows

Status = Release.Status
PUBLISHABLE = [Status.DRAFT, Status.IN_REVIEW]
PublicState = Release.PublicState
Action = ReleaseEvent.Action
# What the workflow record on the change page lists: the latest of each.
RECORDED = [Action.SUBMITTED, Action.PUBLISHED, Action.SCHEDULED, Action.RESCHEDULED, Action.EMBARGO_SET]
RECORDED += [Action.EMBARGO_CHANGED, Action.EMBARGO_LIFTED, Action.RETURNED_TO_DRAFT, Action.WITHDRAWN]
RECORDED += [Action.IMPORTED]  # an import may have set the status (its detail says so)
# The publishing panel's buttons, the primary action first: an editor publishes, a writer submits.
BUTTONS = [
    ("_publish", _("Save and publish (or schedule)")),
    ("_submit_for_review", _("Save and submit for review")),
    ("_return_to_draft", _("Save and return to draft")),
]


class PublicStateFilter(admin.SimpleListFilter):
    """Where a release stands for the public right now (releases/models/states.py)."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return PublicState.choices

    def queryset(self, request, queryset):
        if self.value() in PublicState.values:
            return queryset.in_public_state(self.value())
        return queryset


@admin.register(Release)
class ReleaseAdmin(RevisionPagesMixin, WorkflowPagesMixin, VersionAdmin, TabbedTranslationAdmin):
    form = ReleaseAdminForm
    # On the form, but applied by the services (ReleaseAdminForm.edit), never to the release as edited.
    exclude = PUBLISHING_FIELDS
    list_display = ["title", "state", "published", "issued_by", "updated_at"]
    list_filter = [
        PublicStateFilter,
        ("issuing_organisations", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        "published_at",
    ]
    date_hierarchy = "published_at"
    search_fields = ["title_es", "title_en", "summary_es", "summary_en", "slug"]
    prepopulated_fields = {"slug": ["title_es"], "slug_en": ["title_en"]}
    autocomplete_fields = ["mentioned_organisations", "topics"]
    inlines = INLINES
    object_history_template = "admin/releases/release/object_history.html"
    # VersionAdmin sets its own change list template (the "Recover deleted releases" button); ours
    # extends it to add "Import from Markdown", so neither button hides the other.
    change_list_template = "admin/releases/release/change_list.html"
    history_latest_first = True

    def get_urls(self):
        import_view = self.admin_site.admin_view(lambda request: import_markdown_view(self, request))
        preview_view = self.admin_site.admin_view(lambda request: live_preview_view(self, request))
        own = [path("import/", import_view, name="releases_release_import"), *self.revision_urls()]
        own.append(path("live-preview/", preview_view, name="releases_release_live_preview"))
        return [*own, *self.page_urls(), *super().get_urls()]

    # --- Permissions: enforced here and again in releases.services -----------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.can_be_deleted_by(request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = ["status", "workflow_record", "created_at", "created_by", "updated_at", "updated_by", "import_key"]
        fields += ["audit_trail"]
        if obj is not None and obj.status == Status.WITHDRAWN:
            fields += ["withdrawn_at", "withdrawal_explanation_es", "withdrawal_explanation_en"]
        if not request.user.has_perm("releases.publish_release") or (obj and obj.status == Status.WITHDRAWN):
            fields += [*PUBLISHING_FIELDS, "unreachable_contacts_reason"]
        return fields

    def get_fieldsets(self, request, obj=None):
        publication = ["status", "published_at", "embargo_until", "seen_version"]
        if obj is not None:
            publication.append("workflow_record")
        if obj is not None and obj.is_published and obj.can_be_edited_by(request.user):
            publication += ["change_note_es", "change_note_en"]
        if request.user.has_perm("releases.publish_release") and (obj is None or obj.status in PUBLISHABLE):
            publication.append("unreachable_contacts_reason")
        # Publication first: the publishing panel (change_form.html) sits right above it.
        fieldsets = [
            (_("Publication"), {"fields": publication, "classes": ["publication"]}),
            (None, {"fields": ["title", "slug", "slug_en", "summary", "dateline_place", "body", "background"]}),
        ]
        if obj is not None and obj.status == Status.WITHDRAWN:
            fields = ["withdrawn_at", "withdrawal_explanation_es", "withdrawal_explanation_en"]
            fieldsets.append((_("Withdrawal"), {"fields": fields}))
        history = ["created_at", "created_by", "updated_at", "updated_by", "import_key", "audit_trail"]
        fieldsets += [
            (_("Organisations and topics"), {"fields": ["mentioned_organisations", "topics"]}),
            (_("Featured image"), {"fields": ["featured_image", "featured_image_alt", "featured_image_credit"]}),
            (_("History"), {"classes": ["collapse"], "fields": history}),
        ]
        return self._patch_fieldsets(fieldsets)  # title -> title_es, title_en (modeltranslation's tabs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        form.step = WORKFLOW_ACTIONS.get(self.requested_action(request))
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, MediaContactInline):
            kwargs["publishing"] = self.requested_action(request) == "_publish"
            kwargs["unreachable_contacts_reason"] = request.POST.get("unreachable_contacts_reason", "")
        return kwargs

    @staticmethod
    def requested_action(request):
        if request.method != "POST":
            return None
        return next((action for action in WORKFLOW_ACTIONS if action in request.POST), None)

    def refuse_forged_fields(self, request):
        """A hidden field is not a permission: a POST that carries publication fields the user
        may not change is refused as a whole, before anything is saved."""
        forbidden = ["status", "version", "withdrawn_at", "withdrawal_explanation"]
        if not request.user.has_perm("releases.publish_release"):
            forbidden += [*PUBLISHING_FIELDS, "unreachable_contacts_reason"]
        sent = [key for key in request.POST if any(key == name or key.startswith(f"{name}_") for name in forbidden)]
        if sent:
            raise PermissionDenied(f"Fields you may not change: {', '.join(sorted(sent))}")
        if self.requested_action(request) == "_publish" and not request.user.has_perm("releases.publish_release"):
            raise PermissionDenied("Only editors publish.")

    # --- Lists -----------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(issuing_organisation_rows())

    @admin.display(description=_("state"))
    def state(self, release):
        """The release's PublicState, with the moment that matters for it."""
        state = release.public_state
        if state == PublicState.SCHEDULED:
            return gettext("Scheduled for %(when)s") % {"when": describe_moment(release.published_at)}
        if state == PublicState.EMBARGOED:
            return gettext("Under embargo until %(when)s") % {"when": describe_moment(release.embargo_until)}
        if release.is_under_embargo:  # a draft or a release in review planned under an embargo
            return gettext("%(state)s, embargo until %(when)s") % {
                "state": state.label,
                "when": describe_moment(release.embargo_until),
            }
        return state.label

    @admin.display(description=_("publication time"), ordering="published_at")
    def published(self, release):
        """With its zone, like every time staff are shown (describe_moment)."""
        return describe_moment(release.published_at) if release.published_at else "—"

    @admin.display(description=_("issued by"))
    def issued_by(self, release):
        rows = release.issuing_organisation_rows.all()
        return ", ".join(row.organisation.short_name or row.organisation.name for row in rows)

    # --- The change page ---------------------------------------------------------------------

    @admin.display(description=_("workflow"))
    def workflow_record(self, release):
        """Who submitted, published, scheduled, embargoed and withdrew the release, and when."""
        latest = {}
        for event in release.events.filter(action__in=RECORDED).select_related("actor"):
            latest.setdefault(event.action, event)
        if not latest:
            return gettext("Not submitted or published yet.")
        rows = (
            (capfirst(e.get_action_display()), user_name(e.actor), describe_moment(e.at), _detail(e))
            for e in sorted(latest.values(), key=lambda event: event.at)
        )
        return format_html("<ul>{}</ul>", format_html_join("", "<li><strong>{}</strong>: {} · {}{}</li>", rows))

    @admin.display(description=_("audit trail"))
    def audit_trail(self, release):
        if release.pk is None:
            return "-"
        events = release.events.select_related("actor")[:100]
        if not events:
            return "-"
        rows = ((describe_moment(e.at), user_name(e.actor), e.get_action_display(), e.detail) for e in events)
        row = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
        return format_html("<table><tbody>{}</tbody></table>", format_html_join("", row, rows))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        release = obj or Release()
        context["workflow_buttons"] = [
            (name, label)
            for name, label in BUTTONS
            if allowed(GUARDS[WORKFLOW_ACTIONS[name]], release=release, actor=request.user)
        ]
        context["publishing_state"] = self.state(release) if obj is not None and obj.pk else None
        if obj is not None and obj.pk:
            context["preview_urls"] = [
                (code, name, in_language(code, obj.get_absolute_url)) for code, name in settings.LANGUAGES
            ]
            context["can_withdraw"] = allowed(
                services.check_withdraw, release=obj, actor=request.user, explanation_es="-"
            )
            context["can_manage_preview_links"] = request.user.has_perm("releases.manage_preview_links")
            context["active_preview_links"] = obj.preview_links.active().count()
            context["change_notes"] = obj.change_notes.all()
        context["publishing_refused"] = [
            error.message
            for formset in context.get("inline_admin_formsets", [])
            if isinstance(formset.opts, MediaContactInline)
            for error in formset.formset.non_form_errors().as_data()
            if error.code == "unreachable_contacts"
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Saving: through the services ----------------------------------------------------------

    def create_revision(self, request):
        # django-reversion would keep one revision around the whole view; the services keep it
        # instead (release_apply_edit), after a baseline of a release without history
        # (release_save), which must be a revision of its own.
        return nullcontext()

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST" and transaction.get_connection().in_atomic_block:
            # Lock the row for the rest of this save: a concurrent save of the same release waits
            # here, then sees the version this one leaves and is refused as a conflict.
            obj = Release.objects.select_for_update().get(pk=obj.pk)
        return obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            self.refuse_forged_fields(request)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditConflict:
            # Someone saved between our check and our write (possible on SQLite, which cannot
            # lock a row): nothing was written; run again, and the form now shows the conflict.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        seen = form.cleaned_data.get("seen_version")
        services.release_save(release=obj, actor=request.user, seen_version=seen, planned_at=form.planned_at())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # topics, organisations mentioned, rows
        message = self.construct_change_message(request, form, formsets, not change)
        comment = LogEntry(change_message=json.dumps(message)).get_change_message()
        services.release_apply_edit(release=form.instance, actor=request.user, edit=form.edit(), comment=comment)

    def response_change(self, request, obj):
        if self.requested_action(request):
            self.message_user(request, status_message(obj), messages.SUCCESS)
            return redirect(reverse("admin:releases_release_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if self.requested_action(request):
            self.message_user(request, status_message(obj), messages.SUCCESS)
            return redirect(reverse("admin:releases_release_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def delete_model(self, request, obj):
        services.release_delete(release=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for release in queryset:
            services.release_delete(release=release, actor=request.user)


def _detail(event):
    return f" — {event.detail}" if event.detail else ""
