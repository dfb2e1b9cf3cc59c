"""The front matter of an exported release: what a press-release text has no place for.

A file may open with a YAML block between two `---` lines, the usual Markdown convention:

    ---
    slug: salida-de-la-mesa
    status: published
    published_at: '2025-01-28T10:00:00-06:00'
    topics:
    - slug: privacidad
      name: {es: Privacidad, en: Privacy}
    ---
    # The headline …

`export_releases` writes it (releases.exporting.render_front_matter); the importer reads and
checks it (releases/importing/front_matter_reading.py) into the `FrontMatter` below. Plain
Python: no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class OrganisationEntry:
    slug: str
    name: dict  # language -> name
    slug_en: str = ""
    short_name: str = ""
    kind: str = ""
    website: str = ""
    is_publisher: bool | None = None
    links: list = field(default_factory=list)  # [(network or "", url)]
    description: dict = field(default_factory=dict)  # language -> Markdown
    logo: str = ""  # a file, relative to the folder of the Markdown file

    @property
    def names(self):
        return [value for value in [*self.name.values(), self.short_name] if value]


@dataclass
class ContactEntry:
    name: str
    role: dict = field(default_factory=dict)
    organisation: str = ""  # a slug of `organisations`, or an organisation's name
    email: str = ""
    phone: str = ""
    mobile: str = ""
    is_public: bool | None = None


@dataclass
class TopicEntry:
    slug: str
    name: dict
    slug_en: str = ""


@dataclass
class ChangeNoteEntry:
    at: datetime
    text: dict  # language -> text


@dataclass
class FileEntry:
    file: str  # relative to the folder of the Markdown file
    text: dict  # language -> alt text (image) or title (attachment)
    credit: str = ""


@dataclass
class FrontMatter:
    """What the front matter says. A key the file gives sets that thing on import; a key it
    leaves out leaves that thing as it is (`given`)."""

    keys: frozenset = frozenset()
    uuid: str = ""
    slug: str = ""
    slug_en: str = ""  # the slug of its English URLs
    status: str = ""
    published_at: datetime | None = None
    embargo_until: datetime | None = None
    # A withdrawn release's withdrawal: when, and the public explanation (language -> text).
    withdrawn_at: datetime | None = None
    withdrawal_explanation: dict = field(default_factory=dict)
    change_notes: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    featured_image: FileEntry | None = None
    attachments: list = field(default_factory=list)
    mentioned_organisations: list = field(default_factory=list)  # slugs of `organisations`, or names
    organisations: list = field(default_factory=list)
    contacts: list = field(default_factory=list)

    def given(self, key):
        return key in self.keys

    @property
    def files(self):
        """The release's files the front matter names: the featured image first, then the attachments."""
        return ([self.featured_image] if self.featured_image else []) + list(self.attachments)

    @property
    def logos(self):
        """The organisations' logos the front matter names."""
        return [entry.logo for entry in self.organisations if entry.logo]

    def as_json(self):
        def moment(value):
            return value.isoformat() if value else None

        def file_json(entry, text_key):
            return {"file": entry.file, text_key: entry.text, **({"credit": entry.credit} if text_key == "alt" else {})}

        data = {
            "uuid": self.uuid or None,
            "slug": self.slug or None,
            "slug_en": self.slug_en or None,
            "status": self.status or None,
            "published_at": moment(self.published_at),
            "embargo_until": moment(self.embargo_until),
            "withdrawn_at": moment(self.withdrawn_at),
            "withdrawal_explanation": self.withdrawal_explanation,
            "change_notes": [{"at": moment(note.at), "text": note.text} for note in self.change_notes],
            "topics": [{"slug": topic.slug, "slug_en": topic.slug_en, "name": topic.name} for topic in self.topics],
            "featured_image": file_json(self.featured_image, "alt") if self.featured_image else None,
            "attachments": [file_json(entry, "title") for entry in self.attachments],
            "mentioned_organisations": self.mentioned_organisations,
            "organisations": [
                {
                    "slug": entry.slug,
                    "slug_en": entry.slug_en,
                    "name": entry.name,
                    "short_name": entry.short_name,
                    "kind": entry.kind,
                    "website": entry.website,
                    "is_publisher": entry.is_publisher,
                    "links": [{"network": network, "url": url} for network, url in entry.links],
                    "description": entry.description,
                    "logo": entry.logo or None,
                }
                for entry in self.organisations
            ],
            "contacts": [
                {
                    "name": entry.name,
                    "role": entry.role,
                    "organisation": entry.organisation,
                    "email": entry.email,
                    "phone": entry.phone,
                    "mobile": entry.mobile,
                    "is_public": entry.is_public,
                }
                for entry in self.contacts
            ],
        }
        return {key: value for key, value in data.items() if key in self.keys}
