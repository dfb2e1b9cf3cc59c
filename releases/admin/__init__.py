"""The releases app's admin, by concern: the release admin (release.py) with its inlines, forms
and pages (withdraw and preview links: pages.py; history: revisions.py), the Markdown upload
(upload.py) and topics (topics.py). Importing the modules registers their admins."""

from releases.admin import release, topics  # noqa: F401
