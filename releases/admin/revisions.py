"""A release's history in the admin: the list of kept versions, comparing two, restoring one
(its text, never its state), and recovering a deleted release."""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from reversion.errors import RevertError
from reversion.models import Version

from releases import history, services
from releases.models import Release


class RevisionPagesMixin:
    """History pages for ReleaseAdmin (a VersionAdmin, whose URLs and templates they use)."""

    def revision_urls(self):
        view = self.admin_site.admin_view(self.compare_view)
        return [path("<path:object_id>/history/compare/", view, name="releases_release_compare")]

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

    def compare_view(self, request, object_id):
        """Two kept versions of a release side by side, field by field."""
        release = self.release_or_404(request, object_id)
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
        return self.page(
            request,
            release,
            "admin/releases/release/compare.html",
            gettext("Compare versions of “%s”") % release,
            old=old,
            new=new,
            changes=changes,
            can_restore=self.has_change_permission(request, release),
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        release = get_object_or_404(Release, pk=unquote(object_id))
        if not self.has_change_permission(request, release):
            raise PermissionDenied
        version = get_object_or_404(Version, pk=version_id, object_id=release.pk)
        context = {"title": gettext("Revert %(name)s") % {"name": version.object_repr}, "revert": True}
        return self.revision_form(
            request,
            version,
            self.revision_form_template or self._reversion_get_template_list("revision_form.html"),
            {**context, **(extra_context or {})},
            lambda: services.release_restore_revision(release=release, actor=request.user, version=version),
        )

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        services.check_recover(status=version.field_dict.get("status"), actor=request.user)
        context = {"title": gettext("Recover %(name)s") % {"name": version.object_repr}, "recover": True}
        return self.revision_form(
            request,
            version,
            self.recover_form_template or self._reversion_get_template_list("recover_form.html"),
            {**context, **(extra_context or {})},
            lambda: services.release_recover(version=version, actor=request.user),
        )

    def revision_form(self, request, version, template, context, bring_back):
        """An old version shown as the change form it gives, saved like any edit.

        As django-reversion's own view does, the version is brought back (by `bring_back`, a
        service) inside a transaction, which is rolled back unless the form is saved: looking at
        an old version, or a refused save, leaves nothing written.
        """
        try:
            with reversion.create_revision():
                reversion.set_user(request.user)
                release = bring_back()
                response = self.changeform_view(request, quote(str(release.pk)), request.path, context)
                if request.method == "POST" and response.status_code == 302:
                    reversion.set_comment(
                        gettext("Restored the version saved on %(datetime)s.")
                        % {"datetime": localize(template_localtime(version.revision.date_created))}
                    )
                    return response
                response.template_name = template
                response.render()  # now, while the database shows the version
                transaction.set_rollback(True)
                return response
        except (RevertError, ProtectedError) as error:
            messages.error(request, str(error))
            return redirect("admin:releases_release_changelist")
