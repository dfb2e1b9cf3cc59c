"""The login record in the admin: read by editors and administrators, edited by nobody.
Administrators unlock a locked account or address by deleting its sign-in locks."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Authenticator, FailedLogin, LoginLock, RecoveryCodes, StaffLogin


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    list_display_links = None
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("when"), ordering="attempt_time")
    def when(self, obj):
        return obj.attempt_time

    @admin.display(description=_("account"), ordering="username")
    def account(self, obj):
        return obj.username

    @admin.display(description=_("address"), ordering="ip_address")
    def address(self, obj):
        return obj.ip_address

    @admin.display(description=_("browser"))
    def browser(self, obj):
        return obj.user_agent

    @admin.display(description=_("page"))
    def page(self, obj):
        return obj.path_info


@admin.register(StaffLogin)
class StaffLoginAdmin(ReadOnlyRecordAdmin):
    list_display = ["when", "account", "address", "signed_out", "browser"]

    @admin.display(description=_("signed out"), ordering="logout_time")
    def signed_out(self, obj):
        return obj.logout_time


@admin.register(FailedLogin)
class FailedLoginAdmin(ReadOnlyRecordAdmin):
    list_display = ["when", "account", "address", "page", "locked", "browser"]
    list_filter = ["locked_out"]

    @admin.display(description=_("locked out"), boolean=True, ordering="locked_out")
    def locked(self, obj):
        return obj.locked_out


@admin.register(LoginLock)
class LoginLockAdmin(ReadOnlyRecordAdmin):
    list_display = ["when", "account", "address", "failures", "locked", "browser"]
    actions = ["delete_selected"]

    def has_delete_permission(self, request, obj=None):
        # Unlocking is for administrators: only superusers hold this permission.
        return request.user.has_perm("accounts.delete_loginlock")

    @admin.display(description=_("failed sign-ins"), ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description=_("locked"), boolean=True)
    def locked(self, obj):
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT


# Second factors, under the newsroom's names. Only administrators hold these permissions: they
# see who has set one up, and delete a lost one so its owner sets up a new one at the next
# sign-in. Secrets and codes are never shown.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


class SecondFactorAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_used_at", "confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "created_at", "last_used_at", "confirmed", "throttling_failure_count"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Authenticator, SecondFactorAdmin)
admin.site.register(RecoveryCodes, SecondFactorAdmin)
