"""Which feeds a page offers, and their addresses: `<link rel="alternate">` in every page's head
(the `{% feed_discovery %}` tag of releases/templatetags/feed_links.py) and the subscribe page.

The feeds themselves are releases/feeds.py; this module only names and links them, without a query.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation

from releases.feeds import FORMATS, KINDS, FeedFormat


def feed_path(kind, feed_format, subject=None, language=None):
    """The path of one feed, e.g. /es/canales/organizaciones/r3d/atom/."""
    language = language or translation.get_language()
    kwargs = {"slug": subject.slug_for(language)} if subject is not None else {}
    with translation.override(language):
        return reverse(f"feeds:{kind}_{feed_format}", kwargs=kwargs)


@dataclass(frozen=True)
class FeedLink:
    """One feed as pages link to it: `<link rel="alternate">` in the head, or the subscribe page."""

    title: str
    url: str
    language: str
    format: FeedFormat
    key: str  # unique on a page, for element ids: "organisation-r3d-es-rss"

    @property
    def mime_type(self):
        return self.format.mime_type


def _feed_link(kind, feed_format, subject, language, request):
    path = feed_path(kind, feed_format, subject, language)
    with translation.override(language):
        title = f"{KINDS[kind].title(subject)} ({FORMATS[feed_format].label})"
    return FeedLink(
        title=title,
        url=request.build_absolute_uri(path) if request is not None else path,
        language=language,
        format=FORMATS[feed_format],
        key="-".join(part for part in (kind, getattr(subject, "slug", ""), language, feed_format) if part),
    )


def _subject_kind(organisation, topic):
    if organisation is not None:
        return "organisation", organisation
    if topic is not None:
        return "topic", topic
    return "all", None


def feed_links(*, organisation=None, topic=None, headlines=False, language=None, request=None):
    """The feeds a page offers for discovery, in `language` (the active one by default).

    A page about an organisation or a topic offers its own feeds first (feed readers take the
    first), then the newsroom's; any other page offers the newsroom's. With `headlines`, the
    newsroom's headlines feed comes last (the subscribe page, which offers every feed). Each
    comes as RSS and Atom. Makes no query. With a request, the URLs are absolute.
    """
    language = language or translation.get_language()
    scopes = [_subject_kind(organisation, topic)]
    if scopes[0][0] != "all":
        scopes.append(("all", None))
    if headlines:
        scopes.append(("headlines", None))
    return [
        _feed_link(kind, feed_format, subject, language, request) for kind, subject in scopes for feed_format in FORMATS
    ]
