"""The release admin's own pages beside the change form: withdraw, and embargo preview links;
and the small helpers the release admin's pages share."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.text import describe_moment
from releases import services
from releases.admin.forms import PreviewLinkForm, WithdrawForm
from releases.models import PreviewLink, Release


def in_language(code, function, *args, **kwargs):
    with translation.override(code):
        return function(*args, **kwargs)


def problem(check, **kwargs):
    """Why a workflow step is not possible now (None when it is)."""
    try:
        check(**kwargs)
    except PermissionDenied:
        return gettext("You do not have permission to do this.")
    except services.WorkflowError as error:
        return " ".join(error.messages)
    return None


def allowed(check, **kwargs):
    return problem(check, **kwargs) is None


def status_message(release):
    """“Title”: where the release now stands, for the message after a workflow step."""
    if release.public_state in (Release.PublicState.SCHEDULED, Release.PublicState.EMBARGOED):
        # Under an embargo too: its publication time is the end of the embargo.
        status = gettext("scheduled for %s") % describe_moment(release.published_at)
    else:
        status = release.get_status_display().lower()
    return _("“%(title)s”: %(status)s.") % {"title": release.title, "status": status}


def user_name(user):
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


class WorkflowPagesMixin:
    """Withdraw and preview-link pages, for ReleaseAdmin."""

    def page_urls(self):
        # Before the admin's own URLs, whose "<path:object_id>/" would take them for a release.
        pages = [
            ("withdraw/", self.withdraw_view, "releases_release_withdraw"),
            ("preview-links/", self.preview_links_view, "releases_release_preview_links"),
        ]
        return [
            path(f"<path:object_id>/{url}", self.admin_site.admin_view(view), name=name) for url, view, name in pages
        ]

    def release_or_404(self, request, object_id):
        release = self.get_object(request, unquote(object_id))
        if release is None:
            raise Http404
        if not self.has_view_or_change_permission(request, release):
            raise PermissionDenied
        return release

    def page(self, request, release, template, title, **context):
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": release, **context}
        return TemplateResponse(request, template, {**context, "title": title})

    def withdraw_view(self, request, object_id):
        release = self.release_or_404(request, object_id)
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
                self.message_user(request, status_message(release), messages.SUCCESS)
                return redirect(reverse("admin:releases_release_change", args=[release.pk]))
        return self.page(
            request,
            release,
            "admin/releases/release/withdraw.html",
            gettext("Withdraw “%s”") % release,
            form=form,
            problem=problem(services.check_withdraw, release=release, actor=request.user, explanation_es="-"),
        )

    def preview_links_view(self, request, object_id):
        """Create (shown once) and revoke the secret links of a release under embargo."""
        release = self.release_or_404(request, object_id)
        if not request.user.has_perm("releases.manage_preview_links"):
            raise PermissionDenied
        if request.method == "POST" and "_revoke" in request.POST:
            return self.revoke_preview_link(request, release)
        form = PreviewLinkForm(request.POST if "_create" in request.POST else None)
        created = None
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
                urls = [
                    (name, in_language(code, reverse, "releases:preview", args=[token]))
                    for code, name in settings.LANGUAGES
                ]
                created = {"link": link, "urls": [(name, request.build_absolute_uri(url)) for name, url in urls]}
                form = PreviewLinkForm()
        response = self.page(
            request,
            release,
            "admin/releases/release/preview_links.html",
            gettext("Preview links of “%s”") % release,
            form=form,
            created=created,
            links=release.preview_links.select_related("created_by", "revoked_by"),
            problem=problem(services.check_create_preview_link, release=release, actor=request.user),
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def revoke_preview_link(self, request, release):
        pk = request.POST["_revoke"]
        if not pk.isdigit():  # a forged form: no such link
            raise Http404
        link = get_object_or_404(PreviewLink, pk=pk, release=release)
        try:
            services.release_revoke_preview_link(link=link, actor=request.user)
            self.message_user(request, _("The preview link for %s was revoked.") % link.recipient, messages.SUCCESS)
        except services.WorkflowError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        return redirect(reverse("admin:releases_release_preview_links", args=[release.pk]))
