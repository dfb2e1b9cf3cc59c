"""Response headers and the client's address: what every response carries for the browser's
protection, and whom a request comes from when a reverse proxy stands in between.

The policies themselves are settings (CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY, the SECURE_*
values); this module applies the admin's variant and the headers Django has no setting for.
"""

import ipaddress

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

# The admin runs Django's, modeltranslation's and jQuery UI's scripts: all static files of the
# newsroom, none inline and none evaluated, so scripts and style sheets stay 'self' only. jQuery
# UI and Django's widgets build elements with style attributes (jQuery UI's position helper
# measures scrollbars with `<div style=…>`), so the admin allows inline style *attributes*;
# <style> elements and inline scripts stay refused.
ADMIN_POLICY_UPDATE = {"style-src-attr": ["'unsafe-inline'"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's small relaxation on admin pages only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(_admin_prefix()):
            parts = PolicyParts(
                parts.config, {**ADMIN_POLICY_UPDATE, **(parts.update or {})}, parts.replace, parts.nonce
            )
        return parts


def _admin_prefix():
    return reverse("admin:index")


class SecurityHeadersMiddleware:
    """Cross-Origin-Resource-Policy: no other site may embed the newsroom's responses through
    no-cors requests (Django's SecurityMiddleware already sends Cross-Origin-Opener-Policy).
    Feed readers and link previews fetch from servers, which the header does not concern."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def client_ip(request):
    """The address a request comes from, for login throttling and the login record.

    REMOTE_ADDR is the peer that connected. Only when that peer is a trusted proxy
    (TRUSTED_PROXIES: addresses or networks) is CLIENT_IP_HEADER believed: with
    X-Forwarded-For, the right-most address that is not itself a trusted proxy, since anything
    to its left was written by the client and can be forged; with a one-address header such as
    X-Real-IP, that address. Anyone else sending the header is ignored.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    header = settings.CLIENT_IP_HEADER
    if not header or not _is_trusted_proxy(peer):
        return peer
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    for candidate in reversed([part.strip() for part in value.split(",") if part.strip()]):
        if not _valid_address(candidate):
            break
        if not _is_trusted_proxy(candidate):
            return candidate
    return peer


def _valid_address(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_trusted_proxy(address):
    if not _valid_address(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES)


class NulBytesMiddleware:
    """NUL characters are dropped from query parameters, everywhere.

    PostgreSQL cannot store or compare text containing NUL, so a `%00` in a search, an
    autocomplete term or a list filter made the database driver fail (a 500) instead of giving
    an ordinary page. No real query has one. Submitted forms are covered by Django's CharField,
    which refuses NUL with a form error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", ""):
            request.GET = _without_nul(request.GET)
        return self.get_response(request)


def _without_nul(query):
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned
