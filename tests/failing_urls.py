"""The newsroom's URLs plus /fail/, which raises whatever a test puts in FAILURE: how a request
fails when the database goes away under it."""

from django.urls import path

from newsroom.urls import handler500
from newsroom.urls import urlpatterns as newsroom_urlpatterns

FAILURE = {}


def fail(request):
    raise FAILURE["error"]


urlpatterns = [path("fail/", fail), *newsroom_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
