"""Where a release stands.

`Status` is what the workflow stores (set only by releases.services). `PublicState` is what
that means for the public at a given moment, derived from the status, the publication time
and the embargo: a published release is *scheduled* until its publication time, *embargoed*
while its embargo runs, then *public*. It is computed here, once, in both forms: as query
conditions (`public_state_conditions`, behind `ReleaseQuerySet.published()` and
`in_public_state()`) and for one release in memory (`public_state_of`, behind
`Release.public_state`). tests/test_models.py checks that the two agree on every combination.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    # The workflow (releases/services/): draft -> in review -> published -> withdrawn.
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublicState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    EMBARGOED = "embargoed", _("Under embargo")
    PUBLIC = "public", _("Public")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def public_state_conditions(now):
    """{PublicState: Q} at the moment `now`: exactly one holds for every release."""
    published = Q(status=Status.PUBLISHED)
    embargo_over = Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
    return {
        PublicState.DRAFT: Q(status=Status.DRAFT),
        PublicState.IN_REVIEW: Q(status=Status.IN_REVIEW),
        PublicState.EMBARGOED: published & Q(embargo_until__gt=now),
        PublicState.SCHEDULED: published & embargo_over & Q(published_at__gt=now),
        PublicState.PUBLIC: published & embargo_over & Q(published_at__lte=now),
        PublicState.WITHDRAWN: Q(status=Status.WITHDRAWN),
    }


def public_state_of(status, published_at, embargo_until, now):
    """The PublicState of one release at the moment `now` (the twin of public_state_conditions)."""
    if status != Status.PUBLISHED:
        return PublicState(status)
    if embargo_until is not None and embargo_until > now:
        return PublicState.EMBARGOED
    if published_at is None or published_at > now:
        return PublicState.SCHEDULED
    return PublicState.PUBLIC


def public_since_of(status, published_at, embargo_until):
    """When a release became (or becomes) public: its publication time, or the end of its embargo
    when that came later. None until it is published. (Release.public_since, and the feeds' rows
    read without the whole release: releases/feed_items.py.)"""
    if published_at is None or status not in (Status.PUBLISHED, Status.WITHDRAWN):
        return None
    return max(published_at, embargo_until or published_at)


def public_updated_at_of(public_since, newest_change_note_at):
    """When a release last changed publicly: when it became public or its newest change note,
    whichever is later (Release.public_updated_at)."""
    if public_since is None:
        return None
    return max(public_since, newest_change_note_at) if newest_change_note_at is not None else public_since
