"""The newsroom's admin site: Django's, with a login that asks for the second factor and the
staff member's two-factor pages beside it."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import twofactor


class NewsroomAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Newsroom administration")
    site_title = gettext_lazy("Newsroom")
    index_title = gettext_lazy("Releases, organisations and contacts")

    def has_permission(self, request):
        # The middleware already treats an unverified staff session as anonymous; this keeps
        # the admin closed even if it were left out.
        user = request.user
        if twofactor.is_required() and twofactor.applies_to(user) and not twofactor.is_verified(user):
            return False
        return super().has_permission(request)

    def login(self, request, extra_context=None):
        from accounts.views import PasswordStepView

        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
            **(extra_context or {}),
        }
        request.current_app = self.name
        return PasswordStepView.as_view(extra_context=context)(request)

    def get_urls(self):
        from accounts import views

        return [
            path("login/code/", views.code_step, name="login_code"),
            path("two-factor/setup/", views.setup, name="two_factor_setup"),
            path("two-factor/", self.admin_view(views.overview), name="two_factor"),
            *super().get_urls(),
        ]
