"""Sending an uploaded file once the media view (releases/media.py) has decided who may have it.

Every uploaded file has one URL, the newsroom's own `/media/<name>`, under `make run`, under
`make serve` and with S3 alike. What answers depends on where files are stored:

- in MEDIA_ROOT, the app streams the file (FileResponse, with single byte ranges so audio,
  video and PDF readers can seek), or, when a proxy in front says it will
  (MEDIA_X_ACCEL_REDIRECT for nginx, MEDIA_X_SENDFILE for Apache or lighttpd), only says which
  file and lets the proxy send it;
- in a private bucket (newsroom/storage.py), the app redirects to a signed URL of the bucket
  that works for MEDIA_S3_URL_SECONDS (MEDIA_S3_PUBLIC_URL_SECONDS for public files, whose
  redirect may then be cached for half that time).

A public file's name is unique and never reused, so it may be kept by anyone for a year
(`public, immutable`) and embedded by other sites (Cross-Origin-Resource-Policy: cross-origin:
feed readers and journalists' pages show press images). Anything else is `private, no-store`,
and a refusal is an uncached 404 that does not say whether the file exists.
"""

import mimetypes
import os
import re
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

# The query parameter that carries proof of access to files that are not public (a preview
# link's file token: releases/media.py); pages add it with {% media_url %}.
ACCESS_PARAMETER = "access"
YEAR = 365 * 24 * 3600
PUBLIC = f"public, max-age={YEAR}, immutable"
PRIVATE = "private, no-store"
# The site's policy (django-csp), with what a browser's own viewer of a PDF or an image needs
# for the page it makes around the file: Chrome's PDF viewer is an <embed> with inline styles.
# No uploaded file can be HTML (newsroom/uploads.py, and nosniff), so nothing can run there.
FILE_POLICY = {"object-src": ["'self'"], "style-src": ["'unsafe-inline'"]}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def not_found(request):
    """The site's 404 page, never stored by a cache: the file may become public later."""
    response = HttpResponseNotFound(render_to_string("404.html", request=request))
    response["Cache-Control"] = PRIVATE
    return response


def send_file(request, storage, name, *, public, download_name):
    """The response that gives `name` from `storage` to this visitor, who may have it."""
    if hasattr(storage, "signed_url"):
        response = _redirect_to_bucket(storage, name, public=public, download_name=download_name)
    else:
        response = _send_local(request, storage, name, download_name=download_name)
        if response is None:
            return not_found(request)
        response["Cache-Control"] = PUBLIC if public else PRIVATE
    response["Cross-Origin-Resource-Policy"] = "cross-origin" if public else "same-origin"
    response._csp_replace = FILE_POLICY
    if not public:
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    return response


def _redirect_to_bucket(storage, name, *, public, download_name):
    seconds = settings.MEDIA_S3_PUBLIC_URL_SECONDS if public else settings.MEDIA_S3_URL_SECONDS
    response = HttpResponseRedirect(storage.signed_url(name, seconds=seconds, download_name=download_name))
    # The redirect must never outlive the signature it carries.
    response["Cache-Control"] = f"public, max-age={seconds // 2}" if public else PRIVATE
    return response


def _send_local(request, storage, name, *, download_name):
    try:
        path = storage.path(name)
        size = os.path.getsize(path)
    except (NotImplementedError, OSError, ValueError):
        return None
    content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    if settings.MEDIA_X_ACCEL_REDIRECT or settings.MEDIA_X_SENDFILE:
        response = HttpResponse(content_type=content_type)
        if settings.MEDIA_X_ACCEL_REDIRECT:
            response["X-Accel-Redirect"] = settings.MEDIA_X_ACCEL_REDIRECT.rstrip("/") + "/" + quote(name)
        else:
            response["X-Sendfile"] = path
        response["Content-Disposition"] = content_disposition_header(False, download_name)
        return response
    byte_range = _byte_range(request.headers.get("Range", ""), size)
    if byte_range == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    if byte_range is None:
        response = FileResponse(handle, content_type=content_type, filename=download_name)
    else:
        start, end = byte_range
        handle.seek(start)
        response = FileResponse(_limited(handle, end - start + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
        response["Content-Disposition"] = content_disposition_header(False, download_name)
    response["Accept-Ranges"] = "bytes"
    return response


def _byte_range(header, size):
    """(first, last) byte of a single `Range: bytes=…` request, "unsatisfiable", or None to send
    the whole file (no range, several ranges, or one that cannot be read)."""
    match = _RANGE.match(header.strip())
    if not match or (not match[1] and not match[2]):
        return None
    if not match[1]:  # the last N bytes
        length = int(match[2])
        return (max(0, size - length), size - 1) if length and size else "unsatisfiable"
    start = int(match[1])
    end = min(int(match[2]), size - 1) if match[2] else size - 1
    if start >= size or start > end:
        return "unsatisfiable"
    return start, end


def _limited(handle, length, chunk=64 * 1024):
    try:
        while length > 0:
            data = handle.read(min(chunk, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()
