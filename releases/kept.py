"""What every public list and release page reads, kept in each process for the newsroom generation.

With the page cache off (or for a page it may not keep), Django answers every request, and the
fragments (newsroom/fragments.py) spare it rendering what did not change. What is left is
reading what those pages are made from: the public index's counts (the archive, the filters'
choices, the totals) and the release a page's slug names. Those rows too change only with a
write, which changes the generation, so they are kept in the same store, under the same rules:
only for the anonymous GETs the store serves (staff and preview links read the database every
time), only for the generation they were read in, emptied in every process within a second of
any change (at once in the one that made it).

Time changes what the public sees with no write (a scheduled release going public, an embargo
ending), so nothing kept here answers for a moment it was not read at:

- the listings are kept as their rows, summed at the request's moment (ListingMoments);
- the filters' choices are kept under the listings' fingerprint, as the filters form is;
- a list page reads its releases' ids alone, and its cards read the rows of those not kept,
  with the cards stored for them (releases/cards.py): a first request in the generation costs
  one query more than reading the rows would, and renders only the cards not stored;
- a topic is kept once found listed, as time alone never unlists it (only a write does); a slug
  that finds no listed topic is looked up again at every request;
- a release is kept once found on the public record, which time alone never takes it off
  (only a write does: a withdrawal keeps its page, an unpublishing or a reschedule changes the
  generation); a slug that finds nothing is looked up again at every request, as a release
  may go public under it at any moment.
"""

import copy

from django.utils import timezone

from contacts.models import Organisation
from newsroom import fragments
from newsroom.slugs import find_by_slug
from newsroom.text import by_name
from releases.models import ListingCount, RecordKind, Release, Topic


def listings(request):
    """The public index's listings as they stand now (ListingCount.objects.now())."""
    key = fragments.key_for(request, "listing-moments")
    moments = fragments.get(key) or fragments.put(key, ListingCount.objects.moments())
    return moments.at(timezone.now())


def filter_choices(request, listings, fixed_filters=()):
    """(organisations, topics) a list may be filtered by: the listed ones with published releases,
    sorted by name (in the page's language), but those the page takes from its URL."""
    key = fragments.key_for(request, "filter-choices", listings.fingerprint, *fixed_filters)
    found = fragments.get(key)
    if found is not None:
        return found
    organisations = topics = []
    if "organisation" not in fixed_filters:
        organisations = Organisation.objects.filter(pk__in=listings.keys(RecordKind.ISSUED)).listed()
    if "topic" not in fixed_filters:
        topics = Topic.objects.filter(pk__in=listings.keys(RecordKind.TOPIC)).listed()
    return fragments.put(key, (by_name(organisations), by_name(topics)))


def release_on_public_record(request, slug):
    """The release on the public record that `slug` names (in any language, or a former slug of
    it), or None. Each caller gets its own copy: a page prefetches its rows onto it."""
    key = fragments.key_for(request, "release-at", slug)
    found = fragments.get(key)
    if found is None:
        found, _current = find_by_slug(Release.objects.public_record(), slug)
        if found is None:
            return None  # not kept: it may go public under this slug at any moment
        fragments.put(key, copy.copy(found))
        return found
    return copy.copy(found)


def listed_topic(request, slug):
    """The listed topic that `slug` names (in any language, or a former slug of it), or None."""
    key = fragments.key_for(request, "topic-at", slug)
    found = fragments.get(key)
    if found is None:
        found, _current = find_by_slug(Topic.objects.listed(), slug)
        if found is None:
            return None  # not kept: it may be listed at any moment
        fragments.put(key, found)
    return found
