"""What the parser reads from a release: plain dataclasses, no database.

`ParsedRelease.as_json()` is the shape `import_releases --format json` prints (documented in
the README); other tools read it, so it only ever grows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from releases.importing.front_matter import FrontMatter


@dataclass
class Link:
    label: str | None
    url: str


@dataclass
class IssuingOrganisation:
    name: str
    links: list = field(default_factory=list)
    # “Alianza … / Florida Farmworkers Alliance”: the name after the slash, in the other language.
    alternative_name: str | None = None
    short_name: str | None = None  # “Federación … (FUTSP)”: the acronym written after the name


@dataclass
class PressContact:
    name: str
    organisation: str | None = None
    phones: list = field(default_factory=list)  # as written
    emails: list = field(default_factory=list)
    mobiles: list = field(default_factory=list)  # those of `phones` labelled as mobile numbers
    role: str = ""
    urls: list = field(default_factory=list)  # a website written with the contact (an office's)

    @property
    def is_office(self):
        """A press office's contact, naming no person: its name is its address or number."""
        return self.name in self.emails + self.phones


@dataclass
class MediaContactEntry:
    spokesperson: str | None
    press_contact: PressContact
    spokesperson_role: str = ""


@dataclass
class Part:
    """One language version of a release."""

    language: str
    title: str = ""
    summary: list = field(default_factory=list)
    dateline_place: str | None = None
    date: date | None = None
    embargo_until: datetime | None = None
    embargo_unreadable: bool = False  # an embargo line was there but its time could not be read
    body: str = ""
    context_heading: str | None = None
    context: list = field(default_factory=list)  # items as plain text
    context_markdown: str = ""
    media_contacts: list = field(default_factory=list)
    links: list = field(default_factory=list)
    issuing_organisations: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # of FieldWarning

    def translation_json(self):
        return {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "context_heading": self.context_heading,
            "context": self.context,
        }


@dataclass
class ParsedRelease:
    source: str
    main: Part
    translations: dict = field(default_factory=dict)  # language -> Part
    warnings: list = field(default_factory=list)  # of the file as a whole
    front_matter: FrontMatter | None = None
    # The folder the files named in the front matter are read from (None for an upload).
    folder: Path | None = None
    # Names of the organisations the release mentions, once looked up in the directory
    # (directory.mentioned_organisation_names); None until then.
    mentioned_organisations: list | None = None
    # Every file the release was read from: this one, and those combine() adds.
    sources: list = field(default_factory=list)
    # The email header lines above the release (envelope.py), left out of every field.
    envelope: list = field(default_factory=list)

    def __post_init__(self):
        self.sources = self.sources or [self.source]

    @property
    def language(self):
        return self.main.language

    def part(self, language):
        """The version in `language`, or None."""
        return self.main if self.main.language == language else self.translations.get(language)

    @property
    def all_warnings(self):
        found = list(self.warnings) + list(self.main.warnings)
        for part in self.translations.values():
            found.extend(part.warnings)
        return found

    def warnings_about(self, field_name):
        """The warnings that concern one field (a key of the JSON), to show beside it."""
        return [warning for warning in self.all_warnings if getattr(warning, "field", None) == field_name]

    def as_json(self):
        """The parse as the import command prints it (the shape is documented in the README)."""
        main = self.main
        return {
            "source": self.source,
            "language": main.language,
            "title": main.title,
            "summary": main.summary,
            "dateline_place": main.dateline_place,
            "date": main.date.isoformat() if main.date else None,
            "embargo_until": main.embargo_until.isoformat() if main.embargo_until else None,
            "body": main.body,
            "context_heading": main.context_heading,
            "context": main.context,
            "media_contacts": [
                {
                    "spokesperson": entry.spokesperson,
                    "press_contact": {
                        "name": entry.press_contact.name,
                        "organisation": entry.press_contact.organisation,
                        "phones": entry.press_contact.phones,
                        "emails": entry.press_contact.emails,
                    },
                }
                for entry in main.media_contacts
            ],
            "links": [{"label": link.label, "url": link.url} for link in main.links],
            "issuing_organisations": [
                {"name": organisation.name, "links": organisation.links} for organisation in main.issuing_organisations
            ],
            "translations": {language: part.translation_json() for language, part in self.translations.items()},
            "mentioned_organisations": self.mentioned_organisations or [],
            "front_matter": self.front_matter.as_json() if self.front_matter else None,
            "warnings": self.all_warnings,
        }
