"""Writing releases as Markdown files in the shape the importer reads (releases/importing).

One file per release and language, `<slug>.es.md` and `<slug>.en.md`: an embargo line if
any, the headline, the summary as italic bullets, the dateline opening the body, then
background, contacts, links and the signature with each organisation's social links.
Importing the files reproduces the release (see the round-trip test).
"""

import re
from pathlib import Path

from django.utils import timezone

from releases.importing.dates import format_dateline, format_embargo
from releases.models import Release

HEADINGS = {
    "es": {"context": "Contexto", "contacts": "Contacto", "links": "Ligas y materiales de interés"},
    "en": {"context": "Background", "contacts": "Media contacts", "links": "Links"},
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
    return ["es"] + (["en"] if release.title_en else [])


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

    context = translated(release, "context", language).strip()
    if context:
        parts.append(f"## {headings['context']}\n\n{context}")

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

    for signatory in release.signatories.all():
        organisation = signatory.organisation
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


def export_releases(directory, releases=None):
    """Write every release (or those given) to `directory`; returns the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    releases = releases if releases is not None else Release.objects.order_by("pk").with_page_related()
    written = []
    for release in releases:
        for language in release_languages(release):
            path = directory / f"{release.slug}.{language}.md"
            path.write_text(release_markdown(release, language), encoding="utf-8")
            written.append(path)
    return written
