"""Writing a parsed release to the database: `release_import()`."""

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from contacts.models import Contact, Organisation, OrganisationLink
from newsroom.text import folded
from releases.models import MediaContact, ReferenceLink, Release, Signatory

# A file named like a slug (export_releases writes <slug>.es.md) keeps that slug.
SLUG_LIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}$")


class ImportFailed(Exception):
    """The release could not be written; nothing of it was saved. The message says why."""


@dataclass
class ImportResult:
    release: Release
    created: bool
    warnings: list = field(default_factory=list)


def unique_slug(model, text, *, max_length, exclude_pk=None):
    base = slugify(text)[:max_length].strip("-") or "comunicado"
    slug, number = base, 1
    taken = model.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug


def find_imported_release(import_key):
    """The release a file called `import_key` updates: the one it created, or the one whose
    slug it bears (a file written by export_releases), else None."""
    if not import_key:
        return None
    release = Release.objects.filter(import_key=import_key).first()
    if release is None and SLUG_LIKE.match(import_key):
        release = Release.objects.filter(slug=import_key).first()
    return release


def _with_scheme(url):
    return url if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) else f"https://{url}"


def _validated(instance, exclude=()):
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        raise ImportFailed(f"{instance._meta.verbose_name} “{instance}”: {problems}") from None
    return instance


def _local_midnight(day):
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def release_import(*, parsed, import_key, status=None, user=None):
    """Create or update the release a parsed file describes, in one transaction.

    The release is found by `import_key` (see find_imported_release); its text, links, media
    contacts and issuing organisations are replaced by the file's, while topics, mentioned
    organisations, images and attachments are left alone. A new release is a draft unless
    `status` says otherwise; an existing one keeps its status unless `status` is given.
    Organisations and people are matched to existing records (see the `matching` QuerySet
    methods) and created only when none matches; existing ones only get blanks filled in.
    Raises ImportFailed, leaving the database untouched, when something cannot be saved.
    """
    try:
        with transaction.atomic():
            return _release_import(parsed=parsed, import_key=import_key, status=status, user=user)
    except ImportFailed:
        raise
    except ValidationError as error:
        raise ImportFailed("; ".join(error.messages)) from None


def _release_import(*, parsed, import_key, status, user):
    warnings = []
    main = parsed.main
    if status == Release.Status.PUBLISHED and any(
        part.embargo_unreadable for part in [main, *parsed.translations.values()]
    ):
        raise ImportFailed(_("The embargo line could not be read, so the release was not published."))
    spanish, english = parsed.part("es"), parsed.part("en")
    release = find_imported_release(import_key)
    created = release is None
    if spanish is None and not created:
        return _translation_import(release, english, user=user)
    if spanish is None:
        spanish = english
        warnings.append(
            _("There is no Spanish version: the English text was also stored as the Spanish one; translate it.")
        )
    if created:
        release = Release(import_key=import_key, created_by=user, status=Release.Status.DRAFT)
    elif not release.import_key:
        release.import_key = import_key
    release.updated_by = user

    versions = {"es": spanish, "en": english}
    for language, version in versions.items():
        if version is None:
            continue  # a file without English leaves an existing English version alone
        setattr(release, f"title_{language}", version.title)
        setattr(release, f"summary_{language}", "\n".join(version.summary))
        setattr(release, f"body_{language}", version.body)
        setattr(release, f"context_{language}", version.context_markdown)
        setattr(release, f"dateline_place_{language}", version.dateline_place or "")

    if main.date is not None:
        keep_time = release.published_at and timezone.localtime(release.published_at).date() == main.date
        if not keep_time:
            release.published_at = _local_midnight(main.date)
    release.embargo_until = main.embargo_until
    if status is not None:
        release.status = status
    if release.status == Release.Status.PUBLISHED and release.published_at is None:
        release.published_at = timezone.now()

    if created:
        slug_source = import_key if SLUG_LIKE.match(import_key or "") else spanish.title
        release.slug = unique_slug(Release, slug_source, max_length=200)
    _validated(release)
    release.save()

    if not created:
        release.signatories.all().delete()
        release.media_contacts.all().delete()
        release.links.all().delete()
    _save_signatories(release, parsed, warnings)
    _save_media_contacts(release, parsed, warnings)
    _save_links(release, parsed)
    return ImportResult(release=release, created=created, warnings=warnings)


def _translation_import(release, english, *, user):
    """Add or replace the English version of an existing release (a lone x.en.md file)."""
    release.title_en = english.title
    release.summary_en = "\n".join(english.summary)
    release.body_en = english.body
    release.context_en = english.context_markdown
    release.dateline_place_en = english.dateline_place or ""
    release.updated_by = user
    _validated(release)
    release.save()
    labels = {link.url: link.label or "" for link in english.links}
    for link in release.links.all():
        if link.url in labels:
            link.label_en = labels[link.url][:300]
            link.save(update_fields=["label_en"])
    return ImportResult(
        release=release,
        created=False,
        warnings=[_("Only the English version was updated; contacts, links and signatures were left as they were.")],
    )


def _organisation(name, *, names, publisher, warnings):
    """The organisation called `name` (or any of `names`), created when none matches."""
    for candidate in [name, *names.values()]:
        if candidate:
            organisation = Organisation.objects.matching(candidate).first()
            if organisation is not None:
                break
    else:
        organisation = None
    if organisation is None:
        organisation = Organisation(
            name_es=names.get("es") or name,
            name_en=names.get("en") if names.get("en") and names.get("en") != (names.get("es") or name) else "",
            slug=unique_slug(Organisation, name, max_length=120),
            kind=Organisation.Kind.OTHER,
            is_publisher=publisher,
        )
        _validated(organisation)
        organisation.save()
        warnings.append(_("New organisation “%(name)s”: check its details.") % {"name": organisation.name_es})
        return organisation
    changed = False
    if names.get("en") and not organisation.name_en and folded(names["en"]) != folded(organisation.name_es):
        organisation.name_en = names["en"]
        changed = True
    if publisher and not organisation.is_publisher:
        organisation.is_publisher = True
        changed = True
    if changed:
        organisation.save()
    return organisation


def _save_signatories(release, parsed, warnings):
    main = parsed.main
    others = dict(parsed.translations.items())
    seen = set()
    for position, signer in enumerate(main.issuing_organisations):
        names = {main.language: signer.name}
        for language, part in others.items():
            if len(part.issuing_organisations) == len(main.issuing_organisations):
                names[language] = part.issuing_organisations[position].name
        organisation = _organisation(signer.name, names=names, publisher=True, warnings=warnings)
        if organisation.pk in seen:
            continue
        seen.add(organisation.pk)
        Signatory.objects.create(release=release, organisation=organisation, position=len(seen) - 1)
        known = set(organisation.links.values_list("url", flat=True))
        next_position = (organisation.links.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        for url in signer.links:
            url = _with_scheme(url)
            if url in known:
                continue
            link = OrganisationLink(
                organisation=organisation,
                url=url,
                network=OrganisationLink.Network.from_url(url),
                position=next_position if known else len(known),
            )
            _validated(link)
            link.save()
            known.add(url)
            next_position = link.position + 1
    if not main.issuing_organisations:
        warnings.append(_("No signature found: add the issuing organisations in the admin."))


def _fill_blanks(instance, values):
    changed = False
    for name, value in values.items():
        if value and not getattr(instance, name):
            setattr(instance, name, value)
            changed = True
    return changed


def _press_contact(parsed_contact, language, warnings):
    organisation = None
    if parsed_contact.organisation:
        organisation = _organisation(
            parsed_contact.organisation,
            names={language: parsed_contact.organisation},
            publisher=False,
            warnings=warnings,
        )
    # Numbers labelled “cel.”/“móvil”/“mobile” go to the mobile field; otherwise the first
    # number is the phone and the second the mobile.
    landlines = [phone for phone in parsed_contact.phones if phone not in parsed_contact.mobiles]
    mobiles = list(parsed_contact.mobiles)
    phone = landlines[0] if landlines else ""
    mobile = mobiles[0] if mobiles else (landlines[1] if len(landlines) > 1 else "")
    values = {
        "email": parsed_contact.emails[0].lower() if parsed_contact.emails else "",
        "phone": phone,
        "mobile": mobile,
        "organisation": organisation,
        f"role_{language}": parsed_contact.role[:200],
    }
    contact = Contact.objects.matching(name=parsed_contact.name, emails=parsed_contact.emails).first()
    if contact is None:
        contact = Contact(name=parsed_contact.name, is_public=True, **values)
        _validated(contact, exclude=["photo"])
        contact.save()
    elif _fill_blanks(contact, values):
        _validated(contact, exclude=["photo"])
        contact.save()
    stored = {contact.phone, contact.mobile, contact.email.lower()}
    extra = [phone for phone in parsed_contact.phones if phone not in stored] + [
        email for email in parsed_contact.emails if email.lower() not in stored
    ]
    if extra:
        warnings.append(
            _("%(name)s: a contact holds one phone, one mobile and one email; not stored: %(extra)s.")
            % {"name": contact.name, "extra": ", ".join(extra)}
        )
    return contact


def _save_media_contacts(release, parsed, warnings):
    language = parsed.main.language
    position = 0
    seen = set()
    for entry in parsed.main.media_contacts:
        press_contact = _press_contact(entry.press_contact, language, warnings)
        spokesperson = None
        if entry.spokesperson:
            spokesperson = Contact.objects.matching(name=entry.spokesperson).first()
            if spokesperson is None:
                spokesperson = Contact(
                    name=entry.spokesperson, is_public=False, **{f"role_{language}": entry.spokesperson_role[:200]}
                )
                _validated(spokesperson, exclude=["photo"])
                spokesperson.save()
            elif entry.spokesperson_role and _fill_blanks(spokesperson, {f"role_{language}": entry.spokesperson_role}):
                spokesperson.save()
            if spokesperson.pk == press_contact.pk:
                spokesperson = None
        key = (press_contact.pk, spokesperson.pk if spokesperson else None)
        if key in seen:
            continue
        seen.add(key)
        MediaContact.objects.create(
            release=release, press_contact=press_contact, spokesperson=spokesperson, position=position
        )
        position += 1


def _save_links(release, parsed):
    for position, link in enumerate(parsed.main.links):
        labels = {parsed.main.language: link.label or ""}
        for language, part in parsed.translations.items():
            labels[language] = next((other.label or "" for other in part.links if other.url == link.url), "")
        reference = ReferenceLink(
            release=release,
            url=_with_scheme(link.url),
            position=position,
            **{f"label_{language}": label[:300] for language, label in labels.items()},
        )
        _validated(reference)
        reference.save()
