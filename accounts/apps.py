from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff sign-in: the second factor, the login record, and the checks that keep demo
    credentials out of production."""

    name = "accounts"
    verbose_name = _("Sign-in and security")

    def ready(self):
        from accounts import checks  # noqa: F401 - registers the system checks


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the newsroom's site, whose login asks for the second factor."""

    default = False
    default_site = "accounts.admin_site.NewsroomAdminSite"
