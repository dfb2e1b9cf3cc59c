"""A feed's items: each release as a FeedEntry (in the feed's language), and the rows a feed reads.

Each item's finished markup is kept for the newsroom generation (newsroom/fragments.py), per
release, language, host, format, and full text or summary: a feed whose items are all kept is
written as its head, their markup and its tail, with no item worked out again. Its rows are read
on every request (which releases it shows depends on the time), but once this feed was made in the
generation, only what names each item's version and the feed's validators is read
(`Release.objects.feed_versions()`, `FeedVersion`); the whole rows, and their related rows, only
for the items not kept (a release scheduled for now, one pushed out of the store).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connections, router
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import feedgenerator, timezone, translation

from newsroom.compiled_sql import MOMENTS, CompiledPerProcess, compile_marked
from newsroom.markdown import absolutise_urls, render_markdown
from releases.models import Release
from releases.models.queries import feed_rows
from releases.models.states import public_since_of, public_updated_at_of


@dataclass(frozen=True, slots=True)
class FeedVersion:
    """What a feed reads of a release whose item it may already hold: the twin, for validators
    and keys, of a Release fetched whole (same names)."""

    pk: int
    updated_at: datetime
    published_at: datetime
    public_updated_at: datetime

    @classmethod
    def from_row(cls, pk, updated_at, published_at, embargo_until, status, newest_change_note_at):
        since = public_since_of(status, published_at, embargo_until)
        return cls(pk, updated_at, published_at, public_updated_at_of(since, newest_change_note_at))


def feed_releases(releases_at, size, known, key):
    """The newest `size` of a feed's releases (`releases_at(moment)`: a QuerySet of them at that
    moment, now if None): whole, with their newest change note, for a feed not made yet in this
    generation; as FeedVersions for one that was (`known`), through its compiled query (`key`
    names it: the same key, the same query at any moment)."""
    if known:
        return compiled_versions(key, lambda moment: releases_at(moment).feed_versions()[:size])
    # The newest change note comes with the rows: validators and items need it, and a 304 must
    # cost the release rows alone.
    return list(releases_at(None).with_newest_change_note()[:size])


class CompiledVersions(CompiledPerProcess):
    """A feed's versions query (`Release.objects.feed_versions()`) with its SQL compiled once per
    process and database: building and compiling it in the ORM costs three times what running it
    does. Each run puts the request's time in place of the moment it was compiled for; a query in
    which that moment cannot be told apart (the SQL or any other parameter changing with it, e.g.
    a part of it reading the clock itself) is not kept, and runs through the ORM every time."""

    MARKERS = tuple({"moment": moment} for moment in MOMENTS)

    def __call__(self, key, query_at):
        """FeedVersions from `query_at(moment)` (a feed_versions() QuerySet at that moment) now."""
        connection = connections[router.db_for_read(Release)]
        # One key per feed: the newsroom's two, one per organisation and topic.
        compiled = self.compiled(connection, key, query_at)
        rows = query_at(None) if compiled is None else compiled.rows(connection, {"moment": timezone.now()})
        return [FeedVersion.from_row(*row) for row in rows]

    @classmethod
    def compile(cls, connection, query_at):
        """The Compiled SQL of `query_at(moment)`, or None."""
        return compile_marked(connection, lambda markers: query_at(markers["moment"]), cls.MARKERS)


compiled_versions = CompiledVersions()


def whole_releases(rows, full_text):
    """The Releases of these rows, whole, with what their items show (FeedVersions are read again)."""
    wanted = [row.pk for row in rows if not isinstance(row, Release)]
    fetched = Release.objects.filter(pk__in=wanted).with_newest_change_note().in_bulk() if wanted else {}
    releases = [row if isinstance(row, Release) else fetched.get(row.pk) for row in rows]
    # One deleted since its version was read has no item to make (the next request has no row for it).
    releases = [release for release in releases if release is not None]
    prefetch_related_objects(releases, *feed_rows(full_text))
    return releases


@dataclass
class FeedEntry:
    """One release as a feed item, everything already worked out in the right language."""

    release: Release
    language: str
    title: str
    link: str
    summary: str
    content: str
    authors: list
    categories: list
    enclosures: list


def feed_entry(release, source, full_text=True):
    absolute = source.request.build_absolute_uri
    # The link and the metadata (organisation and topic names) follow the feed's language;
    # the release's own text is in the language it is read in.
    link = absolute(release.get_absolute_url())
    authors = [
        (row.organisation.display_name, absolute(row.organisation.get_absolute_url()))
        for row in release.issuing_organisation_rows.all()
    ]
    categories = [topic.name for topic in release.topics.all()]
    enclosures = []
    if release.featured_image and release.featured_image_size and release.featured_image_type:
        enclosures.append(
            feedgenerator.Enclosure(
                url=absolute(release.featured_image.url),
                length=str(release.featured_image_size),
                mime_type=release.featured_image_type,
            )
        )
    language = release.content_language(source.language)
    with translation.override(language):
        context = {"release": release}
        summary = render_to_string("releases/feed_item_summary.html", context).strip()
        content = None
        if full_text:
            context["body"] = absolutise_urls(render_markdown(release.body), link)
            context["background"] = absolutise_urls(render_markdown(release.background), link)
            content = render_to_string("releases/feed_item_content.html", context).strip()
        title = release.title
    return FeedEntry(
        release=release,
        language=language,
        title=title,
        link=link,
        summary=summary or None,
        content=content,
        authors=authors,
        categories=categories,
        enclosures=enclosures,
    )
