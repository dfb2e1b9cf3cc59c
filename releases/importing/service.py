"""Writing a parsed release to the database: `release_import()`, keeping the editorial workflow's
rules (releases.importing.workflow)."""

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from releases.importing.directory import Directory, free_slug, organisations_named_in
from releases.importing.release_files import FileProblem, read_release_files, store_attachments, store_featured_image
from releases.importing.workflow import (
    ImportFailed,
    apply_withdrawal,
    check_import,
    check_new_entries,
    import_status,
    keep_baseline,
    keep_public_times,
    may_set_times,
    record_import,
    restore_change_notes,
)
from releases.models import IssuingOrganisation, MediaContact, ReferenceLink, Release

LANGUAGES = ("es", "en")
# A file named like a slug (export_releases writes <slug>.es.md) keeps that slug.
SLUG_LIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}$")


@dataclass
class ImportResult:
    release: Release
    created: bool
    warnings: list = field(default_factory=list)


@dataclass
class Named:
    """The directory's records a parse names, found or created (releases.importing.directory)."""

    issuing_organisations: list  # in order
    media_contacts: list  # (press contact, spokesperson or None), in order
    mentioned: list | None  # the front matter's mentioned organisations; None: add those the text names
    topics: list | None  # the front matter's topics; None: leave the release's as they are


class _RolledBack(Exception):
    """Undoes what new_entries() did to find out what an import would add."""


def unique_slug(model, text, *, max_length, exclude_pk=None):
    base = slugify(text)[:max_length].strip("-") or "comunicado"
    slug, number = base, 1
    taken = model.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug


def find_imported_release(import_key, *, slug=""):
    """The release a file called `import_key` updates: the one it created, or the one whose
    slug it bears (a file written by export_releases), or the one with the `slug` its front
    matter gives, else None."""
    release = Release.objects.filter(import_key=import_key).first() if import_key else None
    if release is None and import_key and SLUG_LIKE.match(import_key):
        release = Release.objects.filter(slug=import_key).first()
    if release is None and slug:
        release = Release.objects.filter(slug=slug).first()
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


def release_import(*, parsed, import_key, status=None, user=None, status_from_file=True):
    """Create or update the release a parsed file describes, in one transaction.

    The release is found by `import_key` (see find_imported_release); its text, links, media
    contacts and issuing organisations are replaced by the file's. Organisations and people are
    matched to existing records (see releases.importing.directory) and created only when none
    matches; existing ones only get blanks filled in.

    A front matter (releases.importing.front_matter) sets whatever it gives: slug and
    permanent identifier (of a new release), the exact publication time and embargo, a
    withdrawal, public change notes, topics, mentioned organisations, the featured image,
    attachments and organisations' logos (read from `parsed.folder`, checked before anything
    is written). Without one, topics, images and attachments are left alone and the
    organisations named in the text that are in the directory are added as mentioned.

    `user`: who imports (the admin upload), checked like an editor in the admin (including the
    organisations, people and topics the file would add to the directory, and the times only
    editors set); None for the import_releases command, which is trusted. Status: `status`
    when given; otherwise a new release takes the front matter's status when `status_from_file`
    (the command; the admin upload makes drafts to review), else is a draft. The rules an import keeps (existing
    releases keep their status, withdrawals, change notes, the revision and audit event) are in
    releases.importing.workflow.

    Raises ImportFailed, leaving the database and storage untouched, when something cannot be
    saved (ImportRefused when `user` may not make this import).
    """
    warnings = []
    files = None
    front = parsed.front_matter
    if front is not None and (front.given("featured_image") or front.given("attachments") or front.logos):
        if parsed.folder is None:
            if front.files or front.logos:
                warnings.append(
                    _(
                        "The front matter names files (an image, attachments or logos), which only the "
                        "import_releases command reads (from the file’s folder); they were left as they were."
                    )
                )
        else:
            try:
                files = read_release_files(front, parsed.folder)
            except FileProblem as error:
                raise ImportFailed(str(error)) from None
    stored = []  # files put in storage, removed again if the import fails
    try:
        with transaction.atomic():
            return _release_import(
                parsed=parsed,
                import_key=import_key,
                status=status,
                status_from_file=status_from_file,
                user=user,
                files=files,
                stored=stored,
                warnings=warnings,
            )
    except BaseException as error:
        for storage, name in stored:
            storage.delete(name)
        if isinstance(error, ValidationError):
            raise ImportFailed("; ".join(error.messages)) from None
        raise


def _release_import(*, parsed, import_key, status, status_from_file, user, files, stored, warnings):
    main = parsed.main
    front = parsed.front_matter
    spanish, english = parsed.part("es"), parsed.part("en")
    release = find_imported_release(import_key, slug=front.slug if front else "")
    if release is not None:
        # Locked until the import commits: an admin save of the same release waits, then finds
        # the version moved on and shows its editor what the import changed.
        release = Release.objects.select_for_update().get(pk=release.pk)
    created = release is None
    check_import(user=user, release=release)
    was = None if created else copy.copy(release)
    if not created:
        keep_baseline(release)
        release.version += 1
    if only_translation(parsed, release=release):
        return _translation_import(release, english, user=user, sources=parsed.sources)
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

    release.status = import_status(
        release, created=created, status=status, front=front, from_file=status_from_file, warnings=warnings
    )
    if release.status == Release.Status.PUBLISHED and any(
        part.embargo_unreadable for part in [main, *parsed.translations.values()]
    ):
        raise ImportFailed(_("The embargo line could not be read, so the release was not published."))

    versions = {"es": spanish, "en": english}
    for language, version in versions.items():
        if version is None and not created:
            continue  # a file without English leaves an existing English version alone
        setattr(release, f"title_{language}", version.title if version else "")
        setattr(release, f"summary_{language}", "\n".join(version.summary) if version else "")
        setattr(release, f"body_{language}", version.body if version else "")
        setattr(release, f"background_{language}", version.context_markdown if version else "")
        setattr(release, f"dateline_place_{language}", (version.dateline_place if version else "") or "")
    if created:
        release.featured_image_alt_es = release.featured_image_alt_en = ""

    # Which of the file's times was used is moot when the user may not set them (keep_public_times).
    times_warnings = warnings if may_set_times(user) else []
    release.published_at, release.embargo_until = _times(parsed, release.published_at, times_warnings)
    if release.status == Release.Status.PUBLISHED and release.published_at is None:
        release.published_at = timezone.now()
    going_out = release.status in (Release.Status.PUBLISHED, Release.Status.WITHDRAWN)
    if going_out and release.embargo_until and release.published_at < release.embargo_until:
        # A release under embargo goes out when the embargo ends (as releases.services.release_publish).
        release.published_at = release.embargo_until

    if created:
        fallback = import_key if SLUG_LIKE.match(import_key or "") else spanish.title
        release.slug = free_slug(Release, front.slug if front else "", fallback, unique_slug)
        if front and front.uuid and not Release.objects.filter(uuid=front.uuid).exists():
            release.uuid = front.uuid
    elif front and front.slug and front.slug != release.slug:
        warnings.append(
            _("The file gives the slug “%(file)s”; the release keeps its slug “%(slug)s”, as shared links use it.")
            % {"file": front.slug, "slug": release.slug}
        )
    if files is not None and front.given("featured_image"):
        store_featured_image(release, front.featured_image, files, stored)
    keep_public_times(release, was, user=user, warnings=warnings)
    apply_withdrawal(release, was, front=front, user=user, warnings=warnings)
    _validated(release)
    release.save()

    if not created:
        release.issuing_organisation_rows.all().delete()
        release.media_contacts.all().delete()
        release.links.all().delete()
    directory = _directory(front, warnings=warnings, files=files, stored=stored)
    named = _resolve_named(parsed, directory, warnings)
    check_new_entries(user=user, entries=directory.new_entries())  # the transaction undoes them
    for position, organisation in enumerate(named.issuing_organisations):
        IssuingOrganisation.objects.create(release=release, organisation=organisation, position=position)
    for position, (press_contact, spokesperson) in enumerate(named.media_contacts):
        MediaContact.objects.create(
            release=release, press_contact=press_contact, spokesperson=spokesperson, position=position
        )
    _save_links(release, parsed)
    if named.mentioned is not None:
        release.mentioned_organisations.set(named.mentioned)
    else:
        issuing = {organisation.pk for organisation in named.issuing_organisations}
        release.mentioned_organisations.add(*organisations_named_in(parsed, exclude=issuing))
    if named.topics is not None:
        release.topics.set(named.topics)
    if files is not None and front.given("attachments"):
        store_attachments(release, front.attachments, files, stored, warnings)
    restore_change_notes(release, front=front, user=user, warnings=warnings, validated=_validated)
    record_import(
        release, user=user, sources=parsed.sources, created=created, previous_status=was.status if was else None
    )
    return ImportResult(release=release, created=created, warnings=warnings)


def only_translation(parsed, *, release):
    """Whether importing `parsed` over `release` (None: a new one) only adds or replaces its
    English version (a lone x.en.md file for an existing release): text, nothing else."""
    return release is not None and parsed.part("es") is None


def new_entries(parsed, *, release=None):
    """{model: [names]} of the organisations, people and topics that importing `parsed` over
    `release` (None: a new release) would add to the directory, as Directory.new_entries() gives
    them: what the admin upload's preview checks (releases.importing.workflow.new_entries_refusal).

    Found by resolving the file's names as the import does, then rolling that back, so the
    answer is the import's own and nothing is left written.
    """
    if only_translation(parsed, release=release):
        return {}
    directory = _directory(parsed.front_matter, warnings=[])
    try:
        with transaction.atomic():
            _resolve_named(parsed, directory, [])
            raise _RolledBack
    except _RolledBack:
        pass
    return directory.new_entries()


def file_times(parsed, *, release=None):
    """The publication time and embargo that importing `parsed` gives a draft (over `release`,
    None for a new one), before the workflow's rules; None when it leaves them alone."""
    if only_translation(parsed, release=release):
        return None
    return _times(parsed, release.published_at if release else None, [])


def _directory(front, *, warnings, files=None, stored=None):
    """The Directory of one import (or of new_entries), with this module's checks and slugs."""
    helpers = {"validated": _validated, "unique_slug": unique_slug, "with_scheme": _with_scheme}
    return Directory(front, warnings=warnings, files=files, stored=stored, **helpers)


def _times(parsed, current, warnings):
    """(publication time, embargo) from the file, for a release published at `current` (or None)."""
    main, front = parsed.main, parsed.front_matter
    return _publication_time(current, main, front, warnings), _embargo(main, front, warnings)


def _publication_time(current, main, front, warnings):
    """The front matter's exact time when it agrees with the dateline's date; else the dateline's
    date, keeping the time of day of an existing release published that day (at `current`)."""
    exact = front.published_at if front is not None and front.given("published_at") else None
    if exact is not None:
        if main.date is None or main.date in (exact.date(), timezone.localtime(exact).date()):
            return exact
        warnings.append(
            _(
                "The dateline says %(date)s but the front matter says the release was published at %(moment)s; "
                "the dateline’s date was used."
            )
            % {"date": main.date.isoformat(), "moment": exact.isoformat()}
        )
    if main.date is not None:
        if current and timezone.localtime(current).date() == main.date:
            return current
        return _local_midnight(main.date)
    return current


def _embargo(main, front, warnings):
    """The embargo line's time, made exact by the front matter's when they agree.

    When only one of them has an embargo, the release is embargoed: lifting an embargo by
    mistake cannot be undone, keeping one a little longer can.
    """
    written = main.embargo_until
    if front is None or not front.given("embargo_until") or front.embargo_until is None:
        return written
    exact = front.embargo_until
    if written is None:
        warnings.append(
            _(
                "The front matter has an embargo until %(moment)s that the text does not show; the release is "
                "embargoed. Add the embargo line, or take the embargo out of the front matter."
            )
            % {"moment": exact.isoformat()}
        )
        return exact
    if abs(exact - written) < timedelta(minutes=1):
        return exact
    warnings.append(_("The embargo line and the front matter give different times; the embargo line’s was used."))
    return written


def _translation_import(release, english, *, user, sources):
    """Add or replace the English version of an existing release (a lone x.en.md file)."""
    release.title_en = english.title
    release.summary_en = "\n".join(english.summary)
    release.body_en = english.body
    release.background_en = english.context_markdown
    release.dateline_place_en = english.dateline_place or ""
    release.updated_by = user
    _validated(release)
    release.save()
    labels = {link.url: link.label or "" for link in english.links}
    for link in release.links.all():
        if link.url in labels:
            link.label_en = labels[link.url][:300]
            link.save(update_fields=["label_en"])
    record_import(release, user=user, sources=sources, created=False, previous_status=release.status)
    return ImportResult(
        release=release,
        created=False,
        warnings=[
            _("Only the English version was updated; contacts, links and issuing organisations were left as they were.")
        ],
    )


def _resolve_named(parsed, directory, warnings):
    """Find (or create) the records the file names, in the order the import has always done it."""
    front = parsed.front_matter
    issuing_organisations = _issuing_organisations(parsed, directory, warnings)
    media_contacts = _media_contacts(parsed, directory, warnings)
    mentioned = topics = None
    if front is not None and front.given("mentioned_organisations"):
        found = [directory.organisation_named(name, create=False) for name in front.mentioned_organisations]
        mentioned = [organisation for organisation in found if organisation is not None]
    if front is not None and front.given("topics"):
        topics = [directory.topic(entry) for entry in front.topics]
    return Named(
        issuing_organisations=issuing_organisations, media_contacts=media_contacts, mentioned=mentioned, topics=topics
    )


def _issuing_organisations(parsed, directory, warnings):
    main = parsed.main
    found = []
    for position, issuing in enumerate(main.issuing_organisations):
        names = {main.language: issuing.name}
        for language, part in parsed.translations.items():
            if len(part.issuing_organisations) == len(main.issuing_organisations):
                names[language] = part.issuing_organisations[position].name
        organisation = directory.organisation(issuing.name, names=names, publisher=True, links=issuing.links)
        if organisation not in found:
            found.append(organisation)
    if not main.issuing_organisations:
        warnings.append(_("No signature found: add the issuing organisations in the admin."))
    return found


def _press_contact(parsed_contact, language, directory, warnings):
    organisation = None
    if parsed_contact.organisation:
        organisation = directory.organisation(
            parsed_contact.organisation, names={language: parsed_contact.organisation}
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
    contact = directory.contact(parsed_contact.name, values=values, emails=parsed_contact.emails, is_public=True)
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


def _media_contacts(parsed, directory, warnings):
    language = parsed.main.language
    pairs = []
    for entry in parsed.main.media_contacts:
        press_contact = _press_contact(entry.press_contact, language, directory, warnings)
        spokesperson = None
        if entry.spokesperson:
            spokesperson = directory.contact(
                entry.spokesperson, values={f"role_{language}": entry.spokesperson_role[:200]}, is_public=False
            )
            if spokesperson.pk == press_contact.pk:
                spokesperson = None
        if (press_contact, spokesperson) not in pairs:
            pairs.append((press_contact, spokesperson))
    return pairs


def _save_links(release, parsed):
    for position, link in enumerate(parsed.main.links):
        labels = dict.fromkeys(LANGUAGES, "")
        labels[parsed.main.language] = link.label or ""
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
