from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from reversion.admin import VersionAdmin
from reversion.models import Version

from newsroom.admin_ordering import OrderedInlineMixin
from releases import history, services
from releases.admin_forms import (
    PUBLISHING_FIELDS,
    WORKFLOW_ACTIONS,
    EditConflict,
    PreviewLinkForm,
    ReleaseAdminForm,
    WithdrawForm,
)
from releases.admin_import import import_markdown_view
from releases.models import (
    Attachment,
    IssuingOrganisation,
    MediaContact,
    PreviewLink,
    ReferenceLink,
    Release,
    ReleaseEvent,
    Topic,
)
from releases.models.queries import issuing_organisation_rows

Status = Release.Status
Action = ReleaseEvent.Action


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_es", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_es"]}


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


class PublicStateFilter(admin.SimpleListFilter):
    """Where a release stands for the public right now (releases/models/states.py)."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Release.PublicState.choices

    def queryset(self, request, queryset):
        if self.value() in Release.PublicState.values:
            return queryset.in_public_state(self.value())
        return queryset


@admin.register(Release)
class ReleaseAdmin(VersionAdmin, TabbedTranslationAdmin):
    form = ReleaseAdminForm
    list_display = ["title", "state", "published_at", "issued_by", "updated_at"]
    list_filter = [
        PublicStateFilter,
        ("issuing_organisations", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        "published_at",
    ]
    date_hierarchy = "published_at"
    search_fields = ["title_es", "title_en", "summary_es", "summary_en", "slug"]
    prepopulated_fields = {"slug": ["title_es"]}
    autocomplete_fields = ["mentioned_organisations", "topics"]
    inlines = [IssuingOrganisationInline, MediaContactInline, ReferenceLinkInline, AttachmentInline]
    object_history_template = "admin/releases/release/object_history.html"
    # VersionAdmin sets its own change list template (the "Recover deleted releases" button); ours
    # extends it to add "Import from Markdown", so neither button hides the other.
    change_list_template = "admin/releases/release/change_list.html"
    history_latest_first = True

    # --- Permissions: enforced here and again in releases.services -----------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = ["status", "workflow_record", "created_at", "created_by", "updated_at", "updated_by", "import_key"]
        fields += ["audit_trail"]
        if obj is not None and obj.status == Status.WITHDRAWN:
            fields += ["withdrawn_at", "withdrawal_explanation_es", "withdrawal_explanation_en"]
        if not request.user.has_perm("releases.publish_release") or (obj and obj.status == Status.WITHDRAWN):
            fields += PUBLISHING_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        publication = ["status", "published_at", "embargo_until", "seen_version"]
        if obj is not None:
            publication.append("workflow_record")
        if obj is not None and obj.is_published and obj.can_be_edited_by(request.user):
            publication += ["change_note_es", "change_note_en"]
        fieldsets = [
            (None, {"fields": ["title", "slug", "summary", "dateline_place", "body", "background"]}),
            (_("Publication"), {"fields": publication}),
        ]
        if obj is not None and obj.status == Status.WITHDRAWN:
            fields = ["withdrawn_at", "withdrawal_explanation_es", "withdrawal_explanation_en"]
            fieldsets.append((_("Withdrawal"), {"fields": fields}))
        fieldsets += [
            (_("Organisations and topics"), {"fields": ["mentioned_organisations", "topics"]}),
            (_("Featured image"), {"fields": ["featured_image", "featured_image_alt", "featured_image_credit"]}),
            (
                _("History"),
                {
                    "classes": ["collapse"],
                    "fields": ["created_at", "created_by", "updated_at", "updated_by", "import_key", "audit_trail"],
                },
            ),
        ]
        return self._patch_fieldsets(fieldsets)  # title -> title_es, title_en (modeltranslation's tabs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        form.workflow_action = self.requested_action(request)
        return form

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
            forbidden += PUBLISHING_FIELDS
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
        if state == Release.PublicState.SCHEDULED:
            return gettext("Scheduled for %(when)s") % {"when": services.describe_moment(release.published_at)}
        if state == Release.PublicState.EMBARGOED:
            return gettext("Under embargo until %(when)s") % {"when": services.describe_moment(release.embargo_until)}
        if release.is_under_embargo:  # a draft or a release in review planned under an embargo
            return gettext("%(state)s, embargo until %(when)s") % {
                "state": state.label,
                "when": services.describe_moment(release.embargo_until),
            }
        return state.label

    @admin.display(description=_("issued by"))
    def issued_by(self, release):
        return ", ".join(
            row.organisation.short_name or row.organisation.name for row in release.issuing_organisation_rows.all()
        )

    # --- The change page ---------------------------------------------------------------------

    @admin.display(description=_("workflow"))
    def workflow_record(self, release):
        """Who submitted, published, scheduled, embargoed and withdrew the release, and when."""
        shown = [Action.SUBMITTED, Action.PUBLISHED, Action.SCHEDULED, Action.RESCHEDULED, Action.EMBARGO_SET]
        shown += [Action.EMBARGO_CHANGED, Action.EMBARGO_LIFTED, Action.RETURNED_TO_DRAFT, Action.WITHDRAWN]
        shown += [Action.IMPORTED]  # an import may have set the status (its detail says so)
        latest = {}
        for event in release.events.filter(action__in=shown).select_related("actor"):
            latest.setdefault(event.action, event)
        if not latest:
            return gettext("Not submitted or published yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {} · {}{}</li>",
                (
                    (
                        capfirst(event.get_action_display()),
                        _user(event.actor),
                        services.describe_moment(event.at),
                        _detail(event),
                    )
                    for event in sorted(latest.values(), key=lambda event: event.at)
                ),
            ),
        )

    @admin.display(description=_("audit trail"))
    def audit_trail(self, release):
        if release.pk is None:
            return "-"
        events = release.events.select_related("actor")[:100]
        if not events:
            return "-"
        return format_html(
            "<table><tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                ((services.describe_moment(e.at), _user(e.actor), e.get_action_display(), e.detail) for e in events),
            ),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_buttons"] = self.workflow_buttons(request, obj)
        if obj is not None and obj.pk:
            context["preview_urls"] = [(code, name, _in_language(code, obj.get_absolute_url)) for code, name in LANGS]
            context["can_withdraw"] = _allowed(
                services.check_withdraw, release=obj, actor=request.user, explanation_es="-"
            )
            context["can_manage_preview_links"] = request.user.has_perm("releases.manage_preview_links")
            context["active_preview_links"] = obj.preview_links.active().count()
            context["change_notes"] = obj.change_notes.all()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_buttons(self, request, obj):
        """The workflow steps this user may take from the release's current state."""
        release = obj or Release()
        checks = [
            ("_submit_for_review", _("Save and submit for review"), services.check_submit_for_review),
            ("_publish", _("Save and publish (or schedule)"), services.check_publish),
            ("_return_to_draft", _("Save and return to draft"), services.check_return_to_draft),
        ]
        return [(name, label) for name, label, check in checks if _allowed(check, release=release, actor=request.user)]

    # --- Saving: optimistic locking, then the workflow -----------------------------------------

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
        state = getattr(request, "_keep_workflow_state", None)
        if state is not None:
            # Restoring a revision brings back its text, not its state: publishing, embargoes
            # and withdrawal only ever change through releases.services.
            Release.objects.filter(pk=unquote(object_id)).update(**state)
        if object_id and request.method == "GET" and state is None:
            self.keep_baseline_revision(request, object_id)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Someone saved between our check and our write (possible on SQLite, which cannot
            # lock a row): nothing was written; run again, and the form now shows the conflict.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def keep_baseline_revision(self, request, object_id):
        """A release imported or loaded outside the admin has no revision yet: keep one before its
        first edit, so that edit can be undone and compared, and a conflict can say what changed."""
        release = Release.objects.filter(pk=unquote(object_id)).first()
        if release is not None and not history.versions_of(release).exists():
            with translation.override(None):
                services.keep_revision(release, None, "The release before its first edit in the admin.")

    def save_model(self, request, obj, form, change):
        if change:
            seen = form.cleaned_data["seen_version"]
            # The guarantee: only one save can move the version on from the one this editor saw.
            if not Release.objects.filter(pk=obj.pk, version=seen).update(version=F("version") + 1):
                raise EditConflict
            obj.version = seen + 1
        else:
            obj.created_by = request.user
            obj.version = 1
        obj.updated_by = request.user
        # Publication fields change through the services after this save (they check and record).
        wanted = {name: getattr(obj, name) for name in PUBLISHING_FIELDS}
        saved = Release.objects.filter(pk=obj.pk).values(*PUBLISHING_FIELDS).first() if change else {}
        for name in PUBLISHING_FIELDS:
            setattr(obj, name, saved.get(name))
        if obj.status in (Status.DRAFT, Status.IN_REVIEW):
            obj.published_at = wanted["published_at"]  # only the planned time while not published
        super().save_model(request, obj, form, change)
        form.wanted_publication = wanted
        form.saved_publication = saved

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        release, actor = form.instance, request.user
        wanted = form.wanted_publication
        if "embargo_until" in form.fields and wanted["embargo_until"] != release.embargo_until:
            services.release_set_embargo(release=release, actor=actor, until=wanted["embargo_until"])
        # Only a time the editor changed: a new embargo may itself have moved the publication time.
        changed_time = wanted["published_at"] != form.saved_publication.get("published_at")
        if "published_at" in form.fields and release.status == Status.PUBLISHED and changed_time:
            services.release_reschedule(release=release, actor=actor, at=wanted["published_at"])
        note_es, note_en = form.cleaned_data.get("change_note_es"), form.cleaned_data.get("change_note_en")
        if note_es:
            services.release_add_change_note(release=release, actor=actor, text_es=note_es, text_en=note_en)
        match form.workflow_action:
            case "_submit_for_review":
                services.release_submit_for_review(release=release, actor=actor)
            case "_publish":
                services.release_publish(release=release, actor=actor, at=wanted["published_at"])
            case "_return_to_draft":
                services.release_return_to_draft(release=release, actor=actor)
        restoring = getattr(request, "_restoring_revision", None)
        if restoring is not None:
            action = Action.RECOVERED if request._recovering else Action.RESTORED
            detail = gettext("the version saved on %(when)s by %(user)s") % {
                "when": services.describe_moment(restoring.date_created),
                "user": _user(restoring.user),
            }
            services.record_event(release=release, actor=actor, action=action, detail=detail)

    def response_change(self, request, obj):
        if self.requested_action(request):
            self.message_user(request, _("“%(title)s”: %(status)s.") % _status_message(obj), messages.SUCCESS)
            return redirect(reverse("admin:releases_release_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if self.requested_action(request):
            self.message_user(request, _("“%(title)s”: %(status)s.") % _status_message(obj), messages.SUCCESS)
            return redirect(reverse("admin:releases_release_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    # --- Deleting, restoring, recovering -----------------------------------------------------

    def delete_model(self, request, obj):
        # A release loaded outside the admin may have no revision yet: keep one so it can be recovered.
        services.keep_revision(obj, request.user, gettext("Deleted."))
        services.record_event(release=obj, actor=request.user, action=Action.DELETED, detail=obj.title)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for release in queryset:
            self.delete_model(request, release)

    def history_view(self, request, object_id, extra_context=None):
        release = self.get_object(request, unquote(object_id))
        actions = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": reverse("admin:releases_release_revision", args=[release.pk, version.pk]),
            }
            for version in (history.versions_of(release) if release else [])
        ]
        return super().history_view(request, object_id, {"action_list": actions, **(extra_context or {})})

    def revision_view(self, request, object_id, version_id, extra_context=None):
        release = get_object_or_404(Release, pk=unquote(object_id))
        if not self.has_change_permission(request, release):
            raise PermissionDenied
        version = get_object_or_404(Version, pk=version_id, object_id=release.pk)
        request._keep_workflow_state = workflow_state(release)
        request._restoring_revision, request._recovering = version.revision, False
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        status = version.field_dict.get("status")
        if status not in (Status.DRAFT, Status.IN_REVIEW) and not request.user.has_perm("releases.publish_release"):
            raise PermissionDenied
        request._restoring_revision, request._recovering = version.revision, True
        return super().recover_view(request, version_id, extra_context)

    # --- Extra pages: compare revisions, withdraw, preview links --------------------------------

    def get_urls(self):
        # Before the admin's own URLs, whose "<path:object_id>/" would take "import/" for a release.
        site = self.admin_site
        import_view = site.admin_view(lambda request: import_markdown_view(self, request))
        pages = [
            ("history/compare/", self.compare_view, "releases_release_compare"),
            ("withdraw/", self.withdraw_view, "releases_release_withdraw"),
            ("preview-links/", self.preview_links_view, "releases_release_preview_links"),
        ]
        return [
            path("import/", import_view, name="releases_release_import"),
            *(path(f"<path:object_id>/{url}", site.admin_view(view), name=name) for url, view, name in pages),
            *super().get_urls(),
        ]

    def _release_or_404(self, request, object_id):
        release = self.get_object(request, unquote(object_id))
        if release is None:
            raise Http404
        if not self.has_view_or_change_permission(request, release):
            raise PermissionDenied
        return release

    def _page(self, request, release, template, title, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": release,
                "title": title,
                **context,
            },
        )

    def compare_view(self, request, object_id):
        """Two kept versions of a release side by side, field by field."""
        release = self._release_or_404(request, object_id)
        versions = history.versions_of(release)
        try:
            old = versions.get(pk=int(request.GET.get("old", "")))
            new = versions.get(pk=int(request.GET.get("new", "")))
        except (ValueError, Version.DoesNotExist):
            raise Http404 from None
        if old.pk > new.pk:
            old, new = new, old
        changes = history.differences(
            history.snapshot_of_revision(old.revision, release.pk),
            history.snapshot_of_revision(new.revision, release.pk),
        )
        return self._page(
            request,
            release,
            "admin/releases/release/compare.html",
            gettext("Compare versions of “%s”") % release,
            old=old,
            new=new,
            changes=changes,
            can_restore=self.has_change_permission(request, release),
        )

    def withdraw_view(self, request, object_id):
        release = self._release_or_404(request, object_id)
        if not request.user.has_perm("releases.withdraw_release"):
            raise PermissionDenied
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.release_withdraw(
                    release=release,
                    actor=request.user,
                    explanation_es=form.cleaned_data["explanation_es"],
                    explanation_en=form.cleaned_data["explanation_en"],
                )
            except services.WorkflowError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("“%(title)s”: %(status)s.") % _status_message(release), messages.SUCCESS)
                return redirect(reverse("admin:releases_release_change", args=[release.pk]))
        return self._page(
            request,
            release,
            "admin/releases/release/withdraw.html",
            gettext("Withdraw “%s”") % release,
            form=form,
            problem=_problem(services.check_withdraw, release=release, actor=request.user, explanation_es="-"),
        )

    def preview_links_view(self, request, object_id):
        """Create (shown once) and revoke the secret links of a release under embargo."""
        release = self._release_or_404(request, object_id)
        if not request.user.has_perm("releases.manage_preview_links"):
            raise PermissionDenied
        form = PreviewLinkForm(request.POST if "_create" in request.POST else None)
        created = None
        if request.method == "POST" and "_revoke" in request.POST:
            link = get_object_or_404(PreviewLink, pk=request.POST["_revoke"], release=release)
            try:
                services.release_revoke_preview_link(link=link, actor=request.user)
                self.message_user(request, _("The preview link for %s was revoked.") % link.recipient, messages.SUCCESS)
            except services.WorkflowError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:releases_release_preview_links", args=[release.pk]))
        if request.method == "POST" and form.is_valid():
            try:
                link, token = services.release_create_preview_link(
                    release=release,
                    actor=request.user,
                    recipient=form.cleaned_data["recipient"],
                    expires_at=form.cleaned_data["expires_at"],
                )
            except services.WorkflowError as error:
                form.add_error(None, error)
            else:
                # Shown in this response only: the database keeps just the token's hash.
                urls = [(name, _in_language(code, reverse, "releases:preview", args=[token])) for code, name in LANGS]
                created = {"link": link, "urls": [(name, request.build_absolute_uri(url)) for name, url in urls]}
                form = PreviewLinkForm()
        response = self._page(
            request,
            release,
            "admin/releases/release/preview_links.html",
            gettext("Preview links of “%s”") % release,
            form=form,
            created=created,
            links=release.preview_links.select_related("created_by", "revoked_by"),
            problem=_problem(services.check_create_preview_link, release=release, actor=request.user),
        )
        response["Cache-Control"] = "private, no-store"
        return response


LANGS = [("es", _("Spanish")), ("en", _("English"))]


def workflow_state(release):
    """The fields of a release that only the workflow changes, as they are now."""
    names = ["status", "published_at", "embargo_until", "withdrawn_at", "version"]
    names += ["withdrawal_explanation_es", "withdrawal_explanation_en"]
    return {name: getattr(release, name) for name in names}


def _in_language(code, function, *args, **kwargs):
    with translation.override(code):
        return function(*args, **kwargs)


def _allowed(check, **kwargs):
    return _problem(check, **kwargs) is None


def _problem(check, **kwargs):
    """Why a workflow step is not possible now (None when it is)."""
    try:
        check(**kwargs)
    except PermissionDenied:
        return gettext("You do not have permission to do this.")
    except services.WorkflowError as error:
        return " ".join(error.messages)
    return None


def _status_message(release):
    if release.public_state in (Release.PublicState.SCHEDULED, Release.PublicState.EMBARGOED):
        # Under an embargo too: its publication time is the end of the embargo.
        status = gettext("scheduled for %s") % services.describe_moment(release.published_at)
    else:
        status = release.get_status_display().lower()
    return {"title": release.title, "status": status}


def _detail(event):
    return f" — {event.detail}" if event.detail else ""


def _user(user):
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
