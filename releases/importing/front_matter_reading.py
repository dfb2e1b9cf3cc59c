"""Reading the front matter that may open an exported release (see front_matter.py for its shape).

YAML is read with PyYAML's `safe_load`, which builds only plain values (no objects), and
written with `safe_dump`, which quotes whatever needs quoting; a hand-made subset reader would
have to get YAML's quoting rules right on both sides.

A block counts as front matter only when the file's first line is `---` and the next
non-blank line looks like `key:`; a hand-written release that opens with a rule (`---`)
before its headline is read exactly as before. Unknown keys give warnings; a block that is
not valid YAML, or holds a value of the wrong shape, is a ParseError (one line) for the file.
Plain Python: no database.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from releases.importing.front_matter import (
    ChangeNoteEntry,
    ContactEntry,
    FileEntry,
    FrontMatter,
    OrganisationEntry,
    TopicEntry,
)

_FENCE = "---"
_KEY_LINE = re.compile(r"^[a-z_][a-z0-9_]*\s*:(?:\s|$)")
_CLOSING = {"---", "..."}


class FrontMatterError(ValueError):
    """The front matter cannot be read; the message says why, in one line."""


def split_front_matter(text):
    """(front matter YAML or None, the rest of the text) of a file's normalised text."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        return None, text
    first = next((line for line in lines[1:] if line.strip()), "")
    if not _KEY_LINE.match(first):
        return None, text  # a rule before the headline, as hand-written releases sometimes have
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in _CLOSING:
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :])
    raise FrontMatterError(_("The front matter that opens the file with “---” is not closed by a “---” line."))


def read_front_matter(source, *, default_zone):
    """(FrontMatter, warnings) for the YAML of a front matter block, or FrontMatterError."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if mark is not None:
            # Line 1 of the file is the opening “---”.
            raise FrontMatterError(
                _("The front matter is not valid YAML (line %(line)d of the file): %(problem)s.")
                % {"line": mark.line + 2, "problem": problem}
            ) from None
        raise FrontMatterError(_("The front matter is not valid YAML: %(problem)s.") % {"problem": problem}) from None
    if not isinstance(data, dict):
        raise FrontMatterError(_("The front matter must be a list of “key: value” lines."))
    return _Reader(default_zone).front_matter(data)


class _Reader:
    """Checks the shape of each value; `where` names the value in error messages."""

    def __init__(self, default_zone):
        self.zone = ZoneInfo(default_zone)
        self.warnings = []

    def fail(self, where, message):
        raise FrontMatterError(_("Front matter, “%(key)s”: %(message)s") % {"key": where, "message": message})

    def mapping(self, value, where, known):
        if not isinstance(value, dict):
            self.fail(where, _("expected “key: value” lines."))
        for key in value:
            if key not in known:
                self.warnings.append(
                    _("Front matter: unknown key “%(key)s” ignored.") % {"key": f"{where}.{key}" if where else str(key)}
                )
        return value

    def items(self, value, where):
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, _("expected a list."))
        return [(f"{where}[{number}]", item) for number, item in enumerate(value)]

    def text(self, value, where, *, required=False, keep_lines=False):
        """Text with its spaces tidied; `keep_lines` keeps it as written (Markdown, explanations),
        only without blank space around it."""
        if value is None:
            value = ""
        elif isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a phone number or a year written without quotes
        elif not isinstance(value, str):
            self.fail(where, _("expected text; put it in quotes."))
        value = value.strip() if keep_lines else " ".join(value.split())
        if required and not value:
            self.fail(where, _("must not be empty."))
        return value

    def flag(self, value, where):
        if value is None:
            return None
        if not isinstance(value, bool):
            self.fail(where, _("expected true or false."))
        return value

    def translated(self, value, where, *, keep_lines=False):
        """{"es": …, "en": …}; plain text counts as Spanish."""
        if value is None or isinstance(value, str):
            text = self.text(value, where, keep_lines=keep_lines)
            return {"es": text} if text else {}
        values = self.mapping(value, where, settings.MODELTRANSLATION_LANGUAGES)
        return {
            language: text
            for language in settings.MODELTRANSLATION_LANGUAGES
            if (text := self.text(values.get(language), f"{where}.{language}", keep_lines=keep_lines))
        }

    def moment(self, value, where):
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            moment = datetime.combine(value, time(0, 0))
        elif isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                self.fail(
                    where,
                    _("“%(value)s” is not a date and time such as 2025-01-28T10:00:00-06:00.") % {"value": value},
                )
        else:
            self.fail(where, _("expected a date and time such as 2025-01-28T10:00:00-06:00."))
        # Without an offset, the time is the newsroom's local time, as in embargo lines.
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=self.zone)

    def front_matter(self, data):
        self.mapping(
            data,
            "",
            {
                "uuid", "slug", "slug_en", "status", "published_at", "embargo_until", "withdrawn_at",
                "withdrawal_explanation", "change_notes", "topics", "featured_image", "attachments",
                "mentioned_organisations", "organisations", "contacts",
            },
        )  # fmt: skip
        result = FrontMatter(keys=frozenset(key for key in data if isinstance(key, str)))
        result.uuid = self.text(data.get("uuid"), "uuid")
        if result.uuid:
            try:
                result.uuid = str(uuid_module.UUID(result.uuid))
            except ValueError:
                self.fail("uuid", _("“%(value)s” is not a UUID.") % {"value": result.uuid})
        result.slug = self.text(data.get("slug"), "slug")
        result.slug_en = self.text(data.get("slug_en"), "slug_en")
        result.status = self.text(data.get("status"), "status")
        result.published_at = self.moment(data.get("published_at"), "published_at")
        result.embargo_until = self.moment(data.get("embargo_until"), "embargo_until")
        result.withdrawn_at = self.moment(data.get("withdrawn_at"), "withdrawn_at")
        result.withdrawal_explanation = self.translated(
            data.get("withdrawal_explanation"), "withdrawal_explanation", keep_lines=True
        )
        result.change_notes = self.entries(data, "change_notes", {"at", "text"}, self.change_note)
        result.topics = self.entries(data, "topics", {"slug", "slug_en", "name"}, self.topic)
        if data.get("featured_image") is not None:
            image = self.mapping(data["featured_image"], "featured_image", {"file", "alt", "credit"})
            result.featured_image = FileEntry(
                file=self.text(image.get("file"), "featured_image.file", required=True),
                text=self.translated(image.get("alt"), "featured_image.alt"),
                credit=self.text(image.get("credit"), "featured_image.credit"),
            )
        result.attachments = self.entries(data, "attachments", {"file", "title"}, self.attachment)
        for where, item in self.items(data.get("mentioned_organisations"), "mentioned_organisations"):
            result.mentioned_organisations.append(self.text(item, where, required=True))
        result.organisations = self.entries(
            data,
            "organisations",
            {
                "slug",
                "slug_en",
                "name",
                "short_name",
                "kind",
                "website",
                "is_publisher",
                "links",
                "description",
                "logo",
            },
            self.organisation,
        )
        result.contacts = self.entries(
            data, "contacts", {"name", "role", "organisation", "email", "phone", "mobile", "is_public"}, self.contact
        )
        return result, self.warnings

    def entries(self, data, key, known, build):
        """The list under `key`, each item checked against its `known` keys and made by `build`."""
        return [build(self.mapping(item, where, known), where) for where, item in self.items(data.get(key), key)]

    def topic(self, item, where):
        return TopicEntry(
            slug=self.text(item.get("slug"), f"{where}.slug", required=True),
            slug_en=self.text(item.get("slug_en"), f"{where}.slug_en"),
            name=self.translated(item.get("name"), f"{where}.name"),
        )

    def change_note(self, item, where):
        at = self.moment(item.get("at"), f"{where}.at")
        if at is None:
            self.fail(f"{where}.at", _("must not be empty."))
        text = self.translated(item.get("text"), f"{where}.text", keep_lines=True)
        if not text.get("es"):
            self.fail(f"{where}.text", _("a change note needs its Spanish text."))
        return ChangeNoteEntry(at=at, text=text)

    def attachment(self, item, where):
        return FileEntry(
            file=self.text(item.get("file"), f"{where}.file", required=True),
            text=self.translated(item.get("title"), f"{where}.title"),
        )

    def contact(self, item, where):
        return ContactEntry(
            name=self.text(item.get("name"), f"{where}.name", required=True),
            role=self.translated(item.get("role"), f"{where}.role"),
            organisation=self.text(item.get("organisation"), f"{where}.organisation"),
            email=self.text(item.get("email"), f"{where}.email").lower(),
            phone=self.text(item.get("phone"), f"{where}.phone"),
            mobile=self.text(item.get("mobile"), f"{where}.mobile"),
            is_public=self.flag(item.get("is_public"), f"{where}.is_public"),
        )

    def organisation(self, item, where):
        entry = OrganisationEntry(
            slug=self.text(item.get("slug"), f"{where}.slug"),
            slug_en=self.text(item.get("slug_en"), f"{where}.slug_en"),
            name=self.translated(item.get("name"), f"{where}.name"),
            short_name=self.text(item.get("short_name"), f"{where}.short_name"),
            kind=self.text(item.get("kind"), f"{where}.kind"),
            website=self.text(item.get("website"), f"{where}.website"),
            is_publisher=self.flag(item.get("is_publisher"), f"{where}.is_publisher"),
            description=self.translated(item.get("description"), f"{where}.description", keep_lines=True),
            logo=self.text(item.get("logo"), f"{where}.logo"),
        )
        if not entry.name.get("es"):
            self.fail(f"{where}.name", _("an organisation needs a Spanish name."))
        for link_where, link in self.items(item.get("links"), f"{where}.links"):
            if isinstance(link, str):
                entry.links.append(("", self.text(link, link_where, required=True)))
                continue
            link = self.mapping(link, link_where, {"network", "url"})
            entry.links.append(
                (
                    self.text(link.get("network"), f"{link_where}.network"),
                    self.text(link.get("url"), f"{link_where}.url", required=True),
                )
            )
        return entry
