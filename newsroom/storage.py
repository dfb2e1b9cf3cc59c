"""The private bucket of uploaded files (MEDIA_S3_BUCKET), reached only through the newsroom.

A file's URL is the newsroom's own, `/media/<name>`, as with files in MEDIA_ROOT: stable for
feeds, link previews and pages kept in a cache, and the place where the media view decides who
may have the file (releases/media.py). The view then answers with a redirect to a signed URL
of the bucket that works for a short while (`signed_url`); nothing else ever signs one.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage


class PrivateBucketStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def signed_url(self, name, *, seconds, download_name=None):
        """A URL of the bucket that serves `name` for `seconds`, saved as `download_name`."""
        parameters = {}
        if download_name:
            parameters["ResponseContentDisposition"] = content_disposition_header(False, download_name)
        return super().url(name, parameters=parameters or None, expire=seconds)
