"""The releases app's models, by concern: the release (release.py), its rows (rows.py), the
workflow's records (records.py), its states (states.py) and its queries (queries.py)."""

from releases.models.queries import ReleaseQuerySet
from releases.models.records import ChangeNote, PreviewLink, PreviewLinkQuerySet, ReleaseEvent
from releases.models.release import FormerReleaseSlug, FormerTopicSlug, Release, Topic, summary_points
from releases.models.rows import Attachment, IssuingOrganisation, MediaContact, ReferenceLink
from releases.models.states import PublicState, Status

__all__ = [
    "Attachment",
    "ChangeNote",
    "FormerReleaseSlug",
    "FormerTopicSlug",
    "IssuingOrganisation",
    "MediaContact",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "PublicState",
    "ReferenceLink",
    "Release",
    "ReleaseEvent",
    "ReleaseQuerySet",
    "Status",
    "Topic",
    "summary_points",
]
