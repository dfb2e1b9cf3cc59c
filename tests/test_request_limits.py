"""Oversize request bodies are refused from their Content-Length, before they are read, with
limits that fit each place; a body without Content-Length is not read at all."""

import io
import re

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import make_staff

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class UnreadableInput(io.RawIOBase):
    """A WSGI input of `size` bytes that fails the test if more than a few KB are read."""

    def __init__(self, size):
        self.size = size
        self.read_so_far = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        self.read_so_far += len(buffer)
        if self.read_so_far > 8 * 1024:
            raise AssertionError(f"the body was read ({self.read_so_far} bytes)")
        buffer[:] = b"x" * len(buffer)
        return len(buffer)


def wsgi_post(path, size, content_length=True, cookies=""):
    """POST `size` bytes through the whole WSGI stack, as a server would hand them over."""
    body = UnreadableInput(size)
    environ = RequestFactory()._base_environ(
        PATH_INFO=path,
        REQUEST_METHOD="POST",
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        HTTP_COOKIE=cookies,
        **{"wsgi.input": body},
    )
    if content_length:
        environ["CONTENT_LENGTH"] = str(size)
    else:
        environ.pop("CONTENT_LENGTH", None)
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    statuses = []
    # As the test client does: keep the test's database connection (and transaction) open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        content = b"".join(WSGIHandler()(environ, lambda status, headers: statuses.append(status)))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return int(statuses[0].split()[0]), content.decode(), body


def test_a_200_mb_post_to_the_login_is_refused_unread():
    status, page, body = wsgi_post("/admin/login/", 200 * MB)
    assert status == 413
    assert body.read_so_far == 0
    assert re.search(r"200[.,]0\xa0MB", page) and re.search(r"64[.,]0\xa0KB", page), page


def test_a_200_mb_post_to_a_public_page_is_refused_unread():
    status, _page, body = wsgi_post(reverse("releases:search"), 200 * MB)
    assert status == 413 and body.read_so_far == 0


def test_a_body_without_content_length_is_not_read():
    status, _page, body = wsgi_post("/admin/login/", 200 * MB, content_length=False)
    assert status in (200, 403)  # the empty form, or CSRF's refusal: not a 500
    assert body.read_so_far == 0


def staff_cookie(client, user):
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def test_staff_may_send_more_only_where_they_upload(client):
    cookie = staff_cookie(client, make_staff("eva", "Editors"))
    add = reverse("admin:releases_release_add")
    # A release's page takes an image and attachments: 60 MB gets past the limit (and on to CSRF).
    status, _page, _body = wsgi_post(add, 60 * MB, cookies=cookie)
    assert status == 403
    # More than an image and four attachments is refused unread.
    status, _page, body = wsgi_post(add, 200 * MB, cookies=cookie)
    assert status == 413 and body.read_so_far == 0
    # The Markdown import takes a few MB, not 60.
    status, _page, body = wsgi_post(reverse("admin:releases_release_import"), 60 * MB, cookies=cookie)
    assert status == 413 and body.read_so_far == 0
    # Pages without uploads take ordinary forms.
    status, _page, body = wsgi_post(reverse("admin:releases_release_changelist"), 60 * MB, cookies=cookie)
    assert status == 413 and body.read_so_far == 0


def test_staff_limits_do_not_apply_to_visitors(client):
    status, _page, body = wsgi_post(reverse("admin:releases_release_add"), 1 * MB)
    assert status == 413 and body.read_so_far == 0


def test_a_nonsense_content_length_is_a_bad_request(client):
    response = client.generic("POST", "/admin/login/", b"x", CONTENT_LENGTH="lots")
    assert response.status_code == 400
