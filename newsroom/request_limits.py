"""Request bodies that are too large are refused with 413 from their Content-Length, before a
byte of them is read: an anonymous visitor cannot make the newsroom read 200 MB.

Each place gets the limit it needs. Visitors and the login send small forms
(NEWSROOM_MAX_BODY_BYTES); signed-in staff get more in the admin
(NEWSROOM_MAX_FORM_BYTES), most where files are uploaded: the add and change pages, whose
forms carry an image and attachments (NEWSROOM_MAX_UPLOAD_BYTES), and the Markdown import
(NEWSROOM_MAX_IMPORT_BYTES). The per-file limits of newsroom.uploads still apply to what is
accepted. A body sent without Content-Length (chunked) is not read at all under WSGI: Django
reads exactly Content-Length bytes, and takes none when it is missing.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# Admin views whose forms upload files, by the end of their URL names.
UPLOAD_VIEWS = ("_add", "_change")
IMPORT_VIEW = "admin:releases_release_import"


class RequestSizeLimitMiddleware:
    """Placed after the authentication middlewares (which read no body) and before CSRF's,
    which reads the form: the user is known, the body is still unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(_("The request's Content-Length is not a number."), status=400)
        if length > settings.NEWSROOM_MAX_BODY_BYTES:
            limit = body_limit(request)
            if length > limit:
                return too_large(request, length, limit)
        return self.get_response(request)


def body_limit(request):
    """The largest body this request may carry: more only for active staff in the admin."""
    user = getattr(request, "user", None)
    if not (user and user.is_active and user.is_staff):
        return settings.NEWSROOM_MAX_BODY_BYTES
    try:
        view_name = resolve(request.path_info).view_name
    except Resolver404:
        return settings.NEWSROOM_MAX_BODY_BYTES
    if not view_name.startswith("admin:"):
        return settings.NEWSROOM_MAX_BODY_BYTES
    if view_name == IMPORT_VIEW:
        return settings.NEWSROOM_MAX_IMPORT_BYTES
    if view_name.endswith(UPLOAD_VIEWS):
        return settings.NEWSROOM_MAX_UPLOAD_BYTES
    return settings.NEWSROOM_MAX_FORM_BYTES


def too_large(request, length, limit):
    message = _("This request is %(size)s; the most this page accepts is %(limit)s. Nothing was saved.") % {
        "size": filesizeformat(length),
        "limit": filesizeformat(limit),
    }
    html = render_to_string("413.html", {"message": message})
    return HttpResponse(html, status=413)
