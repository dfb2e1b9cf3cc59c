"""The site's URLs plus uploaded files, for browser tests: the live server runs with DEBUG off,
where Django serves no media (`make run`, with DEBUG on, does)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import handler500
from newsroom.urls import urlpatterns as site


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*site, re_path(r"^media/(?P<path>.*)$", media)]
__all__ = ["handler500", "urlpatterns"]
