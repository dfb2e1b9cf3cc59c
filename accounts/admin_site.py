"""The newsroom's admin site: Django's, with a login that asks for the second factor and the
staff member's two-factor pages beside it."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponseRedirect
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

    def admin_view(self, view, cacheable=False):
        """Django's, with a changelist's action given only ids its model can have: Django filters
        the selected rows by whatever the form sent, and an id that is not a number (or is out of
        the column's range) made the database raise, a 500 instead of the page. Likewise a date
        hierarchy's year, month or day that no date can have (a year of 30 digits overflowed), and
        an object id with NUL in it (PostgreSQL refused to compare it with the history's ids)."""
        wrapped = super().admin_view(view, cacheable)
        model_admin = getattr(view, "__self__", None)
        model_admin = model_admin if isinstance(model_admin, admin.ModelAdmin) else None

        @wraps(wrapped)
        def with_valid_selection(request, *args, **kwargs):
            if any("\x00" in str(value) for value in (*args, *kwargs.values())):
                raise Http404  # no object has NUL in its id, and PostgreSQL cannot compare text with it
            if model_admin is None:
                return wrapped(request, *args, **kwargs)
            if not _valid_dates(model_admin, request.GET):
                # What Django answers to any other filter it cannot apply.
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            if request.method == "POST" and ACTION_CHECKBOX_NAME in request.POST:
                request.POST = request.POST.copy()
                selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
                pk = model_admin.model._meta.pk
                request.POST.setlist(ACTION_CHECKBOX_NAME, [value for value in selected if _possible_pk(pk, value)])
            return wrapped(request, *args, **kwargs)

        return with_valid_selection

    def get_urls(self):
        from accounts import views

        return [
            path("login/code/", views.code_step, name="login_code"),
            path("two-factor/setup/", views.setup, name="two_factor_setup"),
            path("two-factor/", self.admin_view(views.overview), name="two_factor"),
            *super().get_urls(),
        ]


def _possible_pk(field, value):
    try:
        value = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(value, int):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or value >= low) and (high is None or value <= high)
    return value is not None


DATE_PARTS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}


def _valid_dates(model_admin, query):
    if not model_admin.date_hierarchy:
        return True
    for part, (low, high) in DATE_PARTS.items():
        value = query.get(f"{model_admin.date_hierarchy}__{part}")
        if value is not None and not (value.strip().isdigit() and low <= int(value) <= high):
            return False
    return True
