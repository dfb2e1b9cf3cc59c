"""Writing releases as Markdown files in the shape the importer reads (releases/importing).

One file per release and language, `<slug>.es.md` and `<slug>.en.md`: an embargo line if
any, the headline, the summary as italic bullets, the dateline opening the body, then
background, contacts, links and the signature with each organisation's social links.

What a press release has no place for goes in a front matter at the top of the Spanish file
(releases/importing/front_matter.py): slug, permanent identifier, status, exact publication
time and embargo, a withdrawn release's withdrawal (time and public explanation), the public
change notes, topics, the featured image and attachments (copied to `<slug>.files/` beside
the Markdown and named by relative path), mentioned organisations, and the details of every
organisation (logos copied too) and person the release names. Importing the files reproduces
the release (see the round-trip test).
"""

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from releases.importing.dates import format_dateline, format_embargo
from releases.models import Release

HEADINGS = {
    "es": {"background": "Contexto", "contacts": "Contacto", "links": "Ligas y materiales de interés"},
    "en": {"background": "Background", "contacts": "Media contacts", "links": "Links"},
}
INTERVIEWS = {"es": "Para entrevistas con {name} comunicarse con:", "en": "For interviews with {name} contact:"}
MOBILE = {"es": "móvil", "en": "mobile"}
# A first body line that is not plain paragraph text: the dateline then gets its own paragraph.
_BLOCK_START = re.compile(r"^\s{0,3}(?:[#>*+|<-]|\d+[.)]\s|```|~~~)|^\s*$|^\s{4}")


def escape(text):
    """Plain text made safe to place inline in Markdown (the importer unescapes it)."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", " ".join((text or "").split()))


def translated(instance, field, language):
    return getattr(instance, f"{field}_{language}", "") or ""


def release_languages(release):
    """The languages a release can be written in: Spanish, and English when it has a headline."""
    record = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    others = [code for code in settings.MODELTRANSLATION_LANGUAGES if code != record]
    return [record, *(code for code in others if translated(release, "title", code))]


def release_markdown(release, language):
    """The Markdown of one language version of a release (prefetched with with_page_related)."""
    headings = HEADINGS[language]
    parts = []
    if release.embargo_until:
        parts.append(format_embargo(timezone.localtime(release.embargo_until), language))
    parts.append("# " + escape(translated(release, "title", language)))
    points = [point for point in translated(release, "summary", language).splitlines() if point.strip()]
    if points:
        parts.append("\n".join(f"- *{escape(point)}*" for point in points))

    place = translated(release, "dateline_place", language)
    day = timezone.localtime(release.published_at).date() if release.published_at else None
    body = translated(release, "body", language).strip()
    if place or day:
        dateline = format_dateline(place or None, day, language)
        if body and not _BLOCK_START.match(body.splitlines()[0]):
            body = f"{dateline} {body}"
        else:
            parts.append(dateline)
    if body:
        parts.append(body)

    background = translated(release, "background", language).strip()
    if background:
        parts.append(f"## {headings['background']}\n\n{background}")

    contacts = [_media_contact(media_contact, language) for media_contact in release.media_contacts.all()]
    if contacts:
        parts.append(f"## {headings['contacts']}\n\n" + "\n\n".join(contacts))

    links = [
        f"- [{escape(translated(link, 'label', language))}](<{link.url}>)"
        if translated(link, "label", language)
        else f"- <{link.url}>"
        for link in release.links.all()
    ]
    if links:
        parts.append(f"## {headings['links']}\n\n" + "\n".join(links))

    for row in release.issuing_organisation_rows.all():
        organisation = row.organisation
        parts.append(escape(translated(organisation, "name", language) or organisation.name_es))
        social = [f"- <{link.url}>" for link in organisation.links.all()]
        if social:
            parts.append("\n".join(social))
    return "\n\n".join(parts) + "\n"


def _media_contact(media_contact, language):
    press = media_contact.press_contact
    name = escape(press.name)
    if press.organisation_id:
        organisation = press.organisation
        name += f" ({escape(translated(organisation, 'name', language) or organisation.name_es)})"
    details = [press.phone] if press.phone else []
    if press.mobile:
        details.append(f"{MOBILE[language]} {press.mobile}")
    if press.email:
        details.append(press.email)
    line = f"{name}: {' / '.join(details)}" if details else name
    if media_contact.spokesperson_id:
        return INTERVIEWS[language].format(name=escape(media_contact.spokesperson.name)) + "  \n" + line
    return line


# --- the front matter -------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """safe_dump, writing text of several lines (descriptions, explanations) as a `|` block, as a
    person would; PyYAML falls back to quotes by itself for text a block cannot hold."""


def _text_representer(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_representer)


def render_front_matter(data):
    """The front matter block (with its `---` lines) for a dict of plain values."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return f"---\n{text}---\n"


def _texts(instance, field):
    """{"es": …, "en": …} of a translated field, without empty languages."""
    languages = settings.MODELTRANSLATION_LANGUAGES
    return {language: value for language in languages if (value := translated(instance, field, language))}


def _without_blanks(data, keep=()):
    return {key: value for key, value in data.items() if key in keep or value not in ("", None, [], {})}


def _organisation_data(organisation, files):
    return _without_blanks(
        {
            "slug": organisation.slug,
            "slug_en": organisation.slug_en,
            "name": _texts(organisation, "name"),
            "short_name": organisation.short_name,
            "kind": organisation.kind,
            "website": organisation.website,
            "is_publisher": organisation.is_publisher,
            "links": [{"network": link.network, "url": link.url} for link in organisation.links.all()],
            # Shown on the organisation's page and beside the release: part of what the release shows.
            "description": _texts(organisation, "description"),
            "logo": files.copy(organisation.logo) if organisation.logo else None,
        },
        keep=("is_publisher",),
    )


def _contact_data(contact):
    return _without_blanks(
        {
            "name": contact.name,
            "role": _texts(contact, "role"),
            "organisation": contact.organisation.slug if contact.organisation_id else "",
            "email": contact.email,
            "phone": contact.phone,
            "mobile": contact.mobile,
            "is_public": contact.is_public,
        },
        keep=("is_public",),
    )


def _moment(value):
    return timezone.localtime(value).isoformat() if value else None


@dataclass
class _Files:
    """Copies a release's stored files into `<slug>.files/` and remembers what could not be copied."""

    directory: Path
    slug: str
    warnings: list
    copied: list = field(default_factory=list)
    names: set = field(default_factory=set)

    @property
    def folder(self):
        return self.directory / f"{self.slug}.files"

    def copy(self, field_file):
        """The path of the copy relative to the Markdown files, or None (with a warning)."""
        original = PurePosixPath(field_file.name).name
        stem, suffix = PurePosixPath(original).stem, PurePosixPath(original).suffix
        name, number = original, 1
        while name in self.names:
            number += 1
            name = f"{stem}-{number}{suffix}"
        try:
            with field_file.storage.open(field_file.name, "rb") as source:
                self.folder.mkdir(parents=True, exist_ok=True)
                with (self.folder / name).open("wb") as target:
                    shutil.copyfileobj(source, target)
        except OSError as error:
            self.warnings.append(
                _("%(slug)s: the file %(file)s could not be copied (%(reason)s); it is not in the export.")
                % {"slug": self.slug, "file": field_file.name, "reason": error.strerror or error}
            )
            return None
        self.names.add(name)
        self.copied.append(self.folder / name)
        return f"{self.folder.name}/{name}"


def release_front_matter(release, files):
    """The front matter of a release (prefetched as export_releases does), copying its files with `files`."""
    data = {
        "slug": release.slug,
        **({"slug_en": release.slug_en} if release.slug_en else {}),
        "uuid": str(release.uuid),
        "status": release.status,
        "published_at": _moment(release.published_at),
        "embargo_until": _moment(release.embargo_until),
    }
    if release.status == Release.Status.WITHDRAWN:
        data["withdrawn_at"] = _moment(release.withdrawn_at)
        data["withdrawal_explanation"] = _texts(release, "withdrawal_explanation")
    # Oldest first, as they happened; on import they are matched by their time.
    notes = sorted(release.change_notes.all(), key=lambda note: (note.created_at, note.pk))
    if notes:
        data["change_notes"] = [{"at": _moment(note.created_at), "text": _texts(note, "text")} for note in notes]
    data["topics"] = [
        _without_blanks({"slug": topic.slug, "slug_en": topic.slug_en, "name": _texts(topic, "name")})
        for topic in release.topics.all()
    ]
    # A file that cannot be copied leaves its key out: importing the export then leaves the
    # image or attachments of an existing release as they are.
    image = files.copy(release.featured_image) if release.featured_image else None
    if image or not release.featured_image:
        data["featured_image"] = (
            _without_blanks(
                {
                    "file": image,
                    "alt": _texts(release, "featured_image_alt"),
                    "credit": release.featured_image_credit,
                }
            )
            if image
            else None
        )
    attachments = [(attachment, files.copy(attachment.file)) for attachment in release.attachments.all()]
    if all(copy for _attachment, copy in attachments):
        data["attachments"] = [{"file": copy, "title": _texts(attachment, "title")} for attachment, copy in attachments]

    organisations = [row.organisation for row in release.issuing_organisation_rows.all()]
    organisations += list(release.mentioned_organisations.all())
    contacts = []
    for pair in release.media_contacts.all():
        for contact in (pair.spokesperson, pair.press_contact):
            if contact is not None and contact not in contacts:
                contacts.append(contact)
    organisations += [contact.organisation for contact in contacts if contact.organisation_id]
    data["mentioned_organisations"] = [organisation.slug for organisation in release.mentioned_organisations.all()]
    data["organisations"] = [_organisation_data(organisation, files) for organisation in dict.fromkeys(organisations)]
    data["contacts"] = [_contact_data(contact) for contact in contacts]
    return data


@dataclass
class Export:
    markdown: list  # the Markdown files written
    copied: list  # the images and attachments copied beside them
    warnings: list


def releases_to_export():
    """Every release, drafts included, with everything its files carry prefetched."""
    return (
        Release.objects.order_by("pk")
        .with_page_related()
        .prefetch_related(
            "mentioned_organisations__links",
            "media_contacts__press_contact__organisation__links",
            "media_contacts__spokesperson__organisation__links",
        )
    )


def export_releases(directory, releases=None):
    """Write every release (or those given) to `directory`, with their files beside them."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    releases = releases if releases is not None else releases_to_export()
    result = Export(markdown=[], copied=[], warnings=[])
    for release in releases:
        files = _Files(directory=directory, slug=release.slug, warnings=result.warnings)
        for language in release_languages(release):
            text = release_markdown(release, language)
            if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:  # the file of record carries it
                text = render_front_matter(release_front_matter(release, files)) + "\n" + text
            path = directory / f"{release.slug}.{language}.md"
            path.write_text(text, encoding="utf-8")
            result.markdown.append(path)
        result.copied.extend(files.copied)
    return result
