"""Alerts in the admin: counts for staff, addresses only for those allowed to see them.

- Release alerts (every member of staff with the view permission): how many deliveries of each
  alert are queued, sent, failed or not sent, the failures with the server's words (addresses
  taken out), and how many people subscribe; editors hold, let go and resend alerts.
- The release's own admin page shows the same counts and buttons: `show_alerts_on_release_pages`
  (called from AlertsConfig.ready) gives the registered ReleaseAdmin a change-form template
  that adds the alerts panel, so `releases` never imports `alerts`.
- Subscriptions, with addresses, only for holders of `alerts.view_subscriber_address`.
"""

from django.contrib import admin, messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alerts import services
from alerts.models import OutboxItem, ReleaseAlert, Subscription, SubscriptionMessage
from releases.models import Release

Status = OutboxItem.Status
RELEASE_CHANGE_FORM = "admin/alerts/release_change_form.html"


def show_alerts_on_release_pages():
    """Add the alerts panel to the release's admin page, whichever module registered its admin."""
    release_admin = admin.site.get_model_admin(Release)
    if release_admin.change_form_template not in (None, RELEASE_CHANGE_FORM):
        raise ImproperlyConfigured(
            "The release admin has its own change_form_template: add {% release_alerts_panel original %} "
            "(from {% load alerts_admin %}) to it, and drop show_alerts_on_release_pages()."
        )
    release_admin.change_form_template = RELEASE_CHANGE_FORM


def with_counts(alerts):
    def count(status):
        return Count("deliveries", filter=Q(deliveries__status=status))

    return alerts.annotate(
        queued=count(Status.QUEUED),
        sent=count(Status.SENT),
        failed=count(Status.FAILED),
        cancelled=count(Status.CANCELLED),
    )


def subscriber_counts():
    confirmed = Subscription.objects.confirmed()
    return {
        "confirmed": confirmed.count(),
        "daily": confirmed.filter(frequency=Subscription.Frequency.DAILY).count(),
        "unconfirmed": Subscription.objects.unconfirmed().count(),
        "failed_messages": SubscriptionMessage.objects.filter(status=Status.FAILED).count(),
    }


class FailuresFilter(admin.SimpleListFilter):
    title = _("failures")
    parameter_name = "failures"

    def lookups(self, request, model_admin):
        return [("yes", _("With failed deliveries"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(deliveries__status=Status.FAILED).distinct()
        return queryset


@admin.register(ReleaseAlert)
class ReleaseAlertAdmin(admin.ModelAdmin):
    list_display = ["release", "sequence", "created_at", "held_at", "queued", "sent", "failed", "cancelled"]
    list_filter = [FailuresFilter, ("held_at", admin.EmptyFieldListFilter)]
    list_select_related = ["release"]
    search_fields = ["release__title_es", "release__title_en"]
    fields = ["release", "sequence", "created_at", "requested_by", "fanned_out_at", "held_at", "held_by", "problems"]
    readonly_fields = fields
    change_list_template = "admin/alerts/releasealert/change_list.html"

    def get_queryset(self, request):
        return with_counts(super().get_queryset(request))

    def has_add_permission(self, request):
        return False  # alerts come from releases becoming public, or from "Resend"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("queued"), ordering="queued")
    def queued(self, alert):
        return alert.queued

    @admin.display(description=_("sent"), ordering="sent")
    def sent(self, alert):
        return alert.sent

    @admin.display(description=_("failed"), ordering="failed")
    def failed(self, alert):
        return alert.failed

    @admin.display(description=_("not sent"), ordering="cancelled")
    def cancelled(self, alert):
        return alert.cancelled

    @admin.display(description=_("problems"))
    def problems(self, alert):
        """What the mail server said, by problem: never to whom (the address is taken out)."""
        failures = (
            alert.deliveries.exclude(last_error="")
            .values("status", "last_error")
            .annotate(count=Count("id"))
            .order_by("-count")[:20]
        )
        lines = [f"{row['count']} × {Status(row['status']).label}: {row['last_error']}" for row in failures]
        return "\n".join(lines) or "-"

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"subscribers": subscriber_counts(), **(extra_context or {})})

    # --- Holding and resending: confirmation pages, then the service --------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("release/<int:release_id>/hold/", view(self.hold_view), name="alerts_releasealert_hold"),
            path("release/<int:release_id>/resend/", view(self.resend_view), name="alerts_releasealert_resend"),
            path("<int:alert_id>/let-go/", view(self.let_go_view), name="alerts_releasealert_let_go"),
            *super().get_urls(),
        ]

    def _require_editor(self, request):
        if not request.user.has_perm("alerts.hold_and_resend_alerts"):
            raise PermissionDenied

    def _confirm(self, request, release, question, explanation):
        context = {
            **self.admin_site.each_context(request),
            "title": question,
            "release": release,
            "explanation": explanation,
            "back": reverse("admin:releases_release_change", args=[release.pk]),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/alerts/confirm_action.html", context)

    def _done(self, request, release, text):
        self.message_user(request, text, messages.SUCCESS)
        return redirect(reverse("admin:releases_release_change", args=[release.pk]))

    def hold_view(self, request, release_id):
        self._require_editor(request)
        release = get_object_or_404(Release, pk=release_id)
        if request.method != "POST":
            return self._confirm(
                request,
                release,
                gettext("Hold this release’s email alerts?"),
                gettext("Alerts not sent yet wait until you let them go; those already sent stay sent."),
            )
        for alert in services.alert_hold(release=release, actor=request.user):
            self.log_change(request, alert, gettext("Held."))
        return self._done(request, release, gettext("The alerts are held."))

    def let_go_view(self, request, alert_id):
        self._require_editor(request)
        alert = get_object_or_404(ReleaseAlert.objects.select_related("release"), pk=alert_id)
        if request.method != "POST":
            return self._confirm(
                request,
                alert.release,
                gettext("Let this alert go?"),
                gettext("Its subscribers get it within a minute once the release is public."),
            )
        services.alert_release(alert=alert, actor=request.user)
        self.log_change(request, alert, gettext("Let go."))
        return self._done(request, alert.release, gettext("The alert is no longer held."))

    def resend_view(self, request, release_id):
        self._require_editor(request)
        release = get_object_or_404(Release, pk=release_id)
        if request.method != "POST":
            return self._confirm(
                request,
                release,
                gettext("Send this release again to its subscribers?"),
                gettext(
                    "Everyone following it now gets it again, headed “Updated” with its newest change note. "
                    "Use it for corrections that matter."
                ),
            )
        alert = services.alert_resend(release=release, actor=request.user)
        self.log_change(request, alert, gettext("Resent."))
        return self._done(request, release, gettext("The release will be sent again within a minute."))


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Addresses: only for those allowed to see them (editors see counts, on the alerts page)."""

    list_display = ["email", "language", "frequency", "everything", "requested_at", "confirmed_at"]
    list_filter = ["frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    fields = [
        "email",
        "language",
        "frequency",
        "digest_hour",
        "everything",
        "organisations",
        "topics",
        "requested_at",
        "confirmed_at",
        "changed_at",
    ]
    readonly_fields = fields

    def _may_see_addresses(self, request):
        return request.user.has_perm("alerts.view_subscriber_address")

    def has_module_permission(self, request):
        return self._may_see_addresses(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_see_addresses(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False  # only the address's owner subscribes it, through the double opt-in

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self._may_see_addresses(request) and super().has_delete_permission(request, obj)
