"""The releases app's models, by concern: the release (release.py), its rows (rows.py), the
workflow's records (records.py), its states (states.py), its topics (topics.py), the former slugs
of both (former_slugs.py), its queries (queries.py), the public index that keeps list pages'
work flat in the archive's size (listings.py) and the cards made for its lists (cards.py)."""

from releases.models.cards import ReleaseCard
from releases.models.former_slugs import FormerReleaseSlug, FormerTopicSlug
from releases.models.listings import ListingCount, Listings, RecordEntry, RecordKind, month_key
from releases.models.queries import ReleaseQuerySet
from releases.models.records import ChangeNote, PreviewLink, PreviewLinkQuerySet, ReleaseEvent
from releases.models.release import Release, summary_points
from releases.models.rows import Attachment, IssuingOrganisation, MediaContact, ReferenceLink
from releases.models.states import PublicState, Status
from releases.models.topics import Topic

__all__ = [
    "Attachment",
    "ChangeNote",
    "FormerReleaseSlug",
    "FormerTopicSlug",
    "IssuingOrganisation",
    "RecordKind",
    "ListingCount",
    "Listings",
    "MediaContact",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "PublicState",
    "RecordEntry",
    "ReferenceLink",
    "Release",
    "ReleaseCard",
    "ReleaseEvent",
    "ReleaseQuerySet",
    "Status",
    "Topic",
    "month_key",
    "summary_points",
]
