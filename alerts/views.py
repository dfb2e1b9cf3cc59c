"""Signing up, confirming, managing and ending a subscription: no account, no login.

The sign-up answers the same way whatever the address (new, waiting for confirmation, already
subscribed, or asked too often): the same redirect, and the same kind of work, since no mail is
sent from the request (the worker sends it). Its POST is not CSRF-protected: the form sits on
public pages that may be cached, and a forged sign-up can do nothing its author could not do
directly (queue one confirmation message, throttled per address and per network). The pages
reached through a subscriber's link are private: never cached, never indexed, and they send no
Referer (their token is in the URL).
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from alerts import services
from alerts.forms import AlertChoicesForm, SubscribeForm
from alerts.models import Delivery, Subscription, normalise_email
from alerts.tokens import CONFIRMATION_MAX_AGE, make_token, read_token
from releases.views import keep_private


def _address_key(group, request):
    # django-ratelimit hashes keys before they reach the cache: no address is stored there.
    return normalise_email(request.POST.get("email"))


def _private(response):
    response = keep_private(response)
    response["Referrer-Policy"] = "no-referrer"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The sign-up form on its own page (where a form posted from another page shows its errors)."""
    if request.method == "GET":
        # Linked from an organisation's or topic's page with that one chosen.
        chosen = {name: request.GET.getlist(name) for name in ("organisations", "topics")}
        initial = {"language": translation.get_language(), "everything": not any(chosen.values()), **chosen}
        form = SubscribeForm(initial=initial)
        return render(request, "alerts/subscribe.html", {"form": form})
    limited = is_ratelimited(
        request, group="alerts.subscribe.ip", key="ip", rate=settings.ALERTS_SIGNUP_RATE_PER_IP, increment=True
    )
    if limited:
        return render(request, "alerts/too_many.html", status=429)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "alerts/subscribe.html", {"form": form}, status=400)
    if not form.is_robot:
        asked_too_often = is_ratelimited(
            request,
            group="alerts.subscribe.address",
            key=_address_key,
            rate=settings.ALERTS_SIGNUP_RATE_PER_ADDRESS,
            increment=True,
        )
        services.subscription_request(
            email=form.cleaned_data["email"], choices=form.cleaned_data, send_mail=not asked_too_often
        )
    return redirect("alerts:requested")


def requested(request):
    days = CONFIRMATION_MAX_AGE.days
    return render(request, "alerts/requested.html", {"days": days})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows what the subscription is for and a button; only the POST confirms, so a mail
    scanner that opens links confirms nothing."""
    subscription = read_token(token, "confirm", Subscription.objects.prefetch_related("organisations", "topics"))
    if subscription is None:
        return _private(render(request, "alerts/link_invalid.html", {"confirmation": True}, status=404))
    if request.method == "POST":
        services.subscription_confirm(subscription=subscription)
        messages.success(request, _("Your subscription is confirmed."))
        return redirect("alerts:manage", token=make_token(subscription, "manage"))
    return _private(render(request, "alerts/confirm.html", {"subscription": subscription}))


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """Everything held on a subscriber, their choices to change, and a button that deletes it all."""
    subscriptions = Subscription.objects.prefetch_related(
        "organisations",
        "topics",
        Prefetch(
            "deliveries",
            queryset=Delivery.objects.select_related("alert__release").order_by("-due_at", "-id"),
        ),
    )
    subscription = read_token(token, "manage", subscriptions)
    if subscription is None:
        return _private(render(request, "alerts/link_invalid.html", status=404))
    form = AlertChoicesForm(initial=_choices(subscription))
    if request.method == "POST" and "delete" in request.POST:
        services.subscription_delete(subscription=subscription)
        return _private(render(request, "alerts/unsubscribed.html"))
    if request.method == "POST":
        form = AlertChoicesForm(request.POST)
        if form.is_valid():
            services.subscription_change(subscription=subscription, choices=form.cleaned_data)
            messages.success(request, _("Your choices are saved."))
            return redirect(request.path)
    context = {"subscription": subscription, "form": form, "deliveries": subscription.deliveries.all()}
    return _private(render(request, "alerts/manage.html", context, status=400 if form.errors else 200))


def _choices(subscription):
    return {
        "everything": subscription.everything,
        "organisations": [organisation.pk for organisation in subscription.organisations.all()],
        "topics": [topic.pk for topic in subscription.topics.all()],
        "language": subscription.language,
        "frequency": subscription.frequency,
        "digest_hour": subscription.digest_hour,
    }


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """RFC 8058 one-click unsubscribe: mail programs POST here (no login, no CSRF token: the
    token in the URL is the authority). GET only shows a button, so merely opening the link,
    as mail scanners do, unsubscribes nobody."""
    subscription = read_token(token, "manage", Subscription.objects.all())
    if request.method == "POST":
        if subscription is not None:
            services.subscription_delete(subscription=subscription)
        return _private(render(request, "alerts/unsubscribed.html"))
    if subscription is None:
        return _private(render(request, "alerts/link_invalid.html", status=404))
    return _private(render(request, "alerts/unsubscribe.html", {"subscription": subscription}))
