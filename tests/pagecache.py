"""A WSGI client for the page cache (newsroom/pagecache.py), which sits in front of Django where the
test client cannot reach: requests go through `PageCache` exactly as gunicorn sends them."""

from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path

from newsroom.pagecache import PageCache
from newsroom.urls import urlpatterns as newsroom_urlpatterns


@dataclass
class Answer:
    status: int
    headers: list
    body: bytes
    queries: int  # 0: answered from memory, Django never ran

    def header(self, name):
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return values[0] if values else None

    @property
    def text(self):
        return self.body.decode()


class Site:
    """The newsroom as gunicorn runs it: PageCache in front of Django's WSGI handler."""

    def __init__(self, max_bytes=16 * 1024 * 1024):
        self.application = PageCache(WSGIHandler(), max_bytes)

    def request(self, method, path, *, cookies=None, **headers):
        path, _, query = path.partition("?")
        environ = RequestFactory()._base_environ(PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD=method)
        if cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
        started = []

        def start_response(status, response_headers, exc_info=None):
            started[:] = [int(status.split(" ", 1)[0]), list(response_headers)]

        # As Django's test client does: the test's transaction keeps its connection open.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            with CaptureQueriesContext(connection) as queries:
                result = self.application(environ, start_response)
                body = b"".join(result)
                if hasattr(result, "close"):
                    result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return Answer(status=started[0], headers=started[1], body=body, queries=len(queries))

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def head(self, path, **kwargs):
        return self.request("HEAD", path, **kwargs)


def session_cookies(client):
    """The cookies a browser signed in through Django's test `client` sends."""
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


# Public pages that must never be shared, for `@pytest.mark.urls("tests.pagecache")`: no page of the
# newsroom is like them today (pages with a form that needs a CSRF token are private anyway), so
# these prove the page cache's own rules rather than a view's headers.
views_called = []


def page_with_csrf_token(request):
    views_called.append(request.path)
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


def page_setting_a_cookie(request):
    views_called.append(request.path)
    response = HttpResponse("Welcome")
    response.set_cookie("visitor", request.GET.get("who", "someone"))
    return response


urlpatterns = [
    path("form/", page_with_csrf_token),
    path("welcome/", page_setting_a_cookie),
    *newsroom_urlpatterns,  # the admin's address, which the security headers name
]
