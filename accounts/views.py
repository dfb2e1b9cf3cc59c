"""The staff login's pages, in the admin's look: the password, the code, setting up an
authenticator, recovery codes, and the page shown while a login is locked out.

How the steps fit together is explained in accounts.twofactor.
"""

import io
import math
from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView
from django.core.validators import MaxLengthValidator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from accounts import twofactor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )


def _page(request, template, context, status=200):
    context = {**admin.site.each_context(request), **context}
    return TemplateResponse(request, template, context, status=status)


class LoginForm(AdminAuthenticationForm):
    """Django's admin login form, refusing a username longer than any account's before asking
    authenticate(): Django sets the field's max_length after the field is made, which adds no
    validator, and django-axes then recorded the failed login with a username longer than its
    column (a 500 on PostgreSQL, for anyone sending one)."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class PasswordStepView(LoginView):
    """The admin's login form; someone with (or due) a second factor is sent on to it."""

    authentication_form = LoginForm
    template_name = "admin/login.html"

    def form_valid(self, form):
        user = form.get_user()
        redirect_to = self.get_success_url()
        if twofactor.has_second_factor(user):
            twofactor.start_pending_login(self.request, user, redirect_to)
            return redirect("admin:login_code")
        if twofactor.is_required() and twofactor.applies_to(user):
            twofactor.start_pending_login(self.request, user, redirect_to)
            return redirect("admin:two_factor_setup")
        auth_login(self.request, user)
        return HttpResponseRedirect(redirect_to)

    def get_default_redirect_url(self):
        return reverse("admin:index")


def _start_again(request):
    messages.info(request, _("Your sign-in took too long. Please sign in again."))
    return redirect("admin:login")


def _credentials(user):
    return {"username": user.get_username()}


@sensitive_post_parameters("code")
@never_cache
def code_step(request):
    """Second step: a code from the authenticator app, or a recovery code."""
    user, redirect_to = twofactor.pending_login(request)
    if user is None:
        return _start_again(request)
    if not AxesProxyHandler.is_allowed(request, _credentials(user)):
        return locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = twofactor.seconds_to_wait(user)
        if wait:
            form.add_error("code", _too_many_codes(wait))
        else:
            device = twofactor.verify_code(request, user, form.cleaned_data["code"])
            if device is not None:
                twofactor.finish_login(request, user, device)
                return HttpResponseRedirect(redirect_to)
            form.add_error("code", _("That code is not right, or was already used. Try the current code."))
    return _page(request, "accounts/code.html", {"title": _("Two-factor authentication"), "form": form})


def _too_many_codes(seconds):
    return _("Too many wrong codes. Wait %(seconds)s seconds, then enter the current code.") % {
        "seconds": math.ceil(seconds)
    }


def _setup_user(request):
    """Who sets up an authenticator: the login in progress, or the signed-in staff member."""
    user, redirect_to = twofactor.pending_login(request)
    if user is not None:
        return user, redirect_to, True
    if twofactor.applies_to(request.user):
        return request.user, reverse("admin:index"), False
    return None, None, False


@sensitive_post_parameters("code")
@never_cache
def setup(request):
    """Set up an authenticator app: a QR code and the secret to type, then a code from the app
    to confirm it; recovery codes are shown once, and the login finishes."""
    user, redirect_to, pending = _setup_user(request)
    if user is None:
        return _start_again(request)
    device = twofactor.unconfirmed_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = twofactor.seconds_to_wait_for(device)
        if wait:
            form.add_error("code", _too_many_codes(wait))
        elif device.verify_token(twofactor.normalise(form.cleaned_data["code"])):
            twofactor.confirm_authenticator(user, device)
            codes = twofactor.new_recovery_codes(user)
            if pending:
                twofactor.finish_login(request, user, device)
            else:
                otp_login(request, device)
            return _recovery_codes_page(request, codes, redirect_to)
        else:
            form.add_error(
                "code", _("That code is not right. Check the time on your phone, then try the current code.")
            )
    secret = b32encode(device.bin_key).decode()
    context = {
        "title": _("Set up two-factor authentication"),
        "form": form,
        "qr_code": _qr_svg(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "replacing": twofactor.has_second_factor(user),
    }
    return _page(request, "accounts/setup.html", context)


def _qr_svg(data):
    """The otpauth:// URL as an inline SVG: the secret never travels in an image URL."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title="")
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated by segno from our own data


def _recovery_codes_page(request, codes, redirect_to):
    context = {"title": _("Your recovery codes"), "codes": codes, "next": redirect_to}
    return _page(request, "accounts/recovery_codes.html", context)


@never_cache
def overview(request):
    """The staff member's two-factor page: the authenticator, recovery codes left, new codes."""
    user = request.user
    if request.method == "POST" and "new_codes" in request.POST:
        return _recovery_codes_page(request, twofactor.new_recovery_codes(user), reverse("admin:two_factor"))
    context = {
        "title": _("Two-factor authentication"),
        "device": twofactor.authenticator(user),
        "codes_left": twofactor.recovery_codes_left(user),
        "required": twofactor.is_required(),
    }
    return _page(request, "accounts/overview.html", context)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout page: how long, and what to do (429, with Retry-After)."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    context = {"title": _("Sign-in blocked"), "minutes": minutes, "login_url": reverse("admin:login")}
    # django-axes returns this from its middleware, after the stage that renders responses.
    response = _page(request, "accounts/locked_out.html", context, status=429).render()
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
