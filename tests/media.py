"""Uploaded files as the tests see them, wherever MEDIA_S3_BUCKET or MEDIA_ROOT puts them."""

from urllib.parse import urljoin

from django.core.files.storage import default_storage


def stored_files():
    """The names of every stored file, sorted (through the storage: a folder or a bucket)."""
    names = []
    folders = [""]
    while folders:
        folder = folders.pop()
        directories, files = default_storage.listdir(folder)
        names += [f"{folder}{name}" for name in files]
        folders += [f"{folder}{name}/" for name in directories]
    return sorted(names)


def media_url(name, base="http://testserver"):
    """Where a page sends a reader for the stored `name`, without the signature a bucket's URLs carry."""
    return urljoin(f"{base}/", default_storage.url(name)).split("?")[0]
