import sys
from datetime import UTC, timedelta

from django import db
from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views import defaults
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    """Crawlers may read everything public except search results; the sitemap lists the pages."""
    search_pages = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            search_pages.append(reverse("releases:search"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        *[f"Disallow: {path}" for path in search_pages],
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('site:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def security_txt(request):
    """RFC 9116: whom to tell about a vulnerability (NEWSROOM_SECURITY_CONTACT), in which
    languages, and where this file lives. It expires a year ahead of today, so a newsroom that
    keeps running keeps a valid file; 404 while no contact is configured."""
    contacts = settings.NEWSROOM_SECURITY_CONTACT
    if not contacts:
        raise Http404("No security contact is configured.")
    expires = (timezone.now() + timedelta(days=365)).replace(hour=0, minute=0, second=0, microsecond=0)
    lines = [
        *[f"Contact: {contact}" for contact in contacts],
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: es, en",
        f"Canonical: {request.build_absolute_uri(reverse('site:security_txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """handler500: a database that is restarting or unreachable gets a short 503 page with
    Retry-After instead of a 500; anything else is Django's 500 page (templates/500.html)."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return service_unavailable(request)
    return defaults.server_error(request)


RETRY_AFTER_SECONDS = 5


def service_unavailable(request):
    # Rendered without a request context: nothing in it may need the database.
    html = render_to_string("503.html", {"request_was_a_change": request.method not in ("GET", "HEAD")})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(error):
    """Whether `error` means the database could not be reached or dropped the connection
    (PostgreSQL restarting, shutting down or starting up; SQLite busy), rather than a bug."""
    if isinstance(error, db.InterfaceError):
        return True
    if not isinstance(error, db.OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        # 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
        return sqlstate.startswith(("08", "57P"))
    if getattr(cause, "sqlite_errorname", None):
        return cause.sqlite_errorname in {"SQLITE_BUSY", "SQLITE_LOCKED"}
    # psycopg raises OperationalError without a SQLSTATE when the connection fails or drops.
    return type(cause).__module__.startswith("psycopg")
