"""Writing one parsed release to the database: `import_release()`.

The import sets what a file says of a release's text and rows; what it asks of the release's
state (status, publication time, embargo, withdrawal, change notes) goes through the workflow's
services (releases/services/importing.py), which keep the workflow's rules and the record.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from releases import services
from releases.importing.directory import Directory
from releases.importing.permissions import check_new_entries
from releases.importing.records import ImportFailed, ImportRefused, free_english_slug_from, free_slug, validated
from releases.importing.release_files import FileProblem, read_release_files, store_attachments, store_featured_image
from releases.importing.rows import resolve_named, update_link_labels, write_rows
from releases.importing.times import file_times as times_in_file
from releases.models import Release

# A file named like a slug (export_releases writes <slug>.es.md) keeps that slug.
SLUG_LIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}$")
TEXT_FIELDS = ("title", "summary", "body", "background", "dateline_place")


@dataclass
class ImportResult:
    release: Release
    created: bool
    warnings: list = field(default_factory=list)


def find_imported_release(import_key, *, slug=""):
    """The release a file called `import_key` updates: the one it created, or the one whose
    slug it bears (a file written by export_releases), or the one with the `slug` its front
    matter gives, else None."""
    pk = imported_release_pk(import_key, slug=slug)
    return Release.objects.get(pk=pk) if pk else None


def imported_release_pk(import_key, *, slug=""):
    """find_imported_release's answer, as a primary key, in one query."""
    wanted = []  # (field, value), the first found wins
    if import_key:
        wanted.append(("import_key", import_key))
        if SLUG_LIKE.match(import_key):
            wanted.append(("slug", import_key))
    if slug:
        wanted.append(("slug", slug))
    if not wanted:
        return None
    query = Q()
    for name, value in wanted:
        # The partial unique index on import_key answers only a query that states its condition.
        query |= Q(import_key=value) & ~Q(import_key="") if name == "import_key" else Q(slug=value)
    found = Release.objects.filter(query).order_by().values_list("pk", "import_key", "slug")
    rows = {"import_key": {}, "slug": {}}
    for pk, key, row_slug in found:
        rows["import_key"][key], rows["slug"][row_slug] = pk, pk
    return next((rows[name][value] for name, value in wanted if value in rows[name]), None)


def only_translation(parsed, *, release):
    """Whether importing `parsed` over `release` (None: a new one) only adds or replaces its
    English version (a lone x.en.md file for an existing release): text, nothing else."""
    return release is not None and parsed.part("es") is None


def import_release(
    *, parsed, import_key, status=None, user=None, status_from_file=True, index=None, unreachable_contacts_reason=""
):
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
    (the command; the admin upload makes drafts to review), else is a draft. The rules an
    import keeps are the workflow's: releases/services/importing.py.

    `index`: the directory by name, shared by the imports of a batch (releases.importing.lookup);
    the caller forgets it when an import fails.

    A release the import publishes must give journalists someone to call, as when an editor
    publishes it (services.check_press_contacts), unless `unreachable_contacts_reason` says why not.

    Raises ImportFailed, leaving the database and storage untouched, when something cannot be
    saved (ImportRefused when `user` may not make this import).
    """
    warnings = []
    files = _release_files(parsed, warnings)
    stored = []  # files put in storage, removed again if the import fails
    options = {"status": status or "", "from_file": status_from_file, "index": index}
    options["unreachable_contacts_reason"] = unreachable_contacts_reason
    try:
        with transaction.atomic():
            return _import(parsed, import_key, user, options, files=files, stored=stored, warnings=warnings)
    except BaseException as error:
        for storage, name in stored:
            storage.delete(name)
        if isinstance(error, PermissionDenied):
            raise ImportRefused(str(error)) from None
        if isinstance(error, ValidationError):
            raise ImportFailed("; ".join(error.messages)) from None
        raise


def _release_files(parsed, warnings):
    """The files the front matter names, read from beside the file and checked (None: none to read)."""
    front = parsed.front_matter
    if front is None or not (front.given("featured_image") or front.given("attachments") or front.logos):
        return None
    if parsed.folder is None:
        if front.files or front.logos:
            warnings.append(
                _(
                    "The front matter names files (an image, attachments or logos), which only the "
                    "import_releases command reads (from the file’s folder); they were left as they were."
                )
            )
        return None
    try:
        return read_release_files(front, parsed.folder)
    except FileProblem as error:
        raise ImportFailed(str(error)) from None


def _import(parsed, import_key, user, options, *, files, stored, warnings):
    front = parsed.front_matter
    pk = imported_release_pk(import_key, slug=front.slug if front else "")
    # Locked until the import commits: an admin save of the same release waits, then finds the
    # version moved on and shows its editor what the import changed.
    release = Release.objects.select_for_update().get(pk=pk) if pk else None
    created = release is None
    services.check_import(user=user, release=release)
    previous_status = None if created else release.status
    if only_translation(parsed, release=release):
        return _import_translation(parsed, release, user)
    if created:
        release = Release(import_key=import_key, created_by=user)
    elif not release.import_key:
        release.import_key = import_key
    _set_text(release, parsed, created=created, warnings=warnings)
    _set_identity(release, parsed, import_key, created=created, warnings=warnings)
    if files is not None and front.given("featured_image"):
        store_featured_image(release, front.featured_image, files, stored)
    validated(release)
    state = _wanted_state(parsed, release, user, options, warnings)
    services.release_import(release=release, actor=user, created=created, state=state, warnings=warnings)

    directory = Directory(front, warnings=warnings, files=files, stored=stored, index=options["index"])
    named = resolve_named(parsed, directory, warnings)
    check_new_entries(user=user, entries=directory.new_entries())  # the transaction undoes them
    write_rows(release, parsed, named, created=created, index=directory.index)
    if files is not None and front.given("attachments"):
        store_attachments(release, front.attachments, files, stored, warnings)
    notes = front.change_notes if front is not None else []
    services.release_import_change_notes(release=release, actor=user, entries=notes, warnings=warnings)
    services.release_record_import(
        release=release,
        actor=user,
        sources=parsed.sources,
        created=created,
        previous_status=previous_status,
        unreachable_contacts_reason=options["unreachable_contacts_reason"],
    )
    return ImportResult(release=release, created=created, warnings=warnings)


def _set_text(release, parsed, *, created, warnings):
    """Each language version's text: a file without English leaves an existing English version alone."""
    spanish, english = parsed.part("es"), parsed.part("en")
    if spanish is None:
        spanish = english
        warnings.append(
            _("There is no Spanish version: the English text was also stored as the Spanish one; translate it.")
        )
    for language, version in {"es": spanish, "en": english}.items():
        if version is None and not created:
            continue
        for name, value in _texts(version).items():
            setattr(release, f"{name}_{language}", value)
    if created:
        release.featured_image_alt_es = release.featured_image_alt_en = ""


def _texts(part):
    """{field: text} of one language version of a parse (empty texts for None)."""
    if part is None:
        return dict.fromkeys(TEXT_FIELDS, "")
    return {
        "title": part.title,
        "summary": "\n".join(part.summary),
        "body": part.body,
        "background": part.context_markdown,
        "dateline_place": part.dateline_place or "",
    }


def _set_identity(release, parsed, import_key, *, created, warnings):
    """A new release's slug and permanent identifier (the front matter's when free); an existing
    release keeps its slug, as shared links use it."""
    front = parsed.front_matter
    if created:
        fallback = import_key if SLUG_LIKE.match(import_key or "") else release.title_es
        release.slug = free_slug(Release, front.slug if front else "", fallback)
        if front and front.uuid and not Release.objects.filter(uuid=front.uuid).exists():
            release.uuid = front.uuid
    elif front and front.slug and front.slug != release.slug:
        warnings.append(
            _("The file gives the slug “%(file)s”; the release keeps its slug “%(slug)s”, as shared links use it.")
            % {"file": front.slug, "slug": release.slug}
        )
    if front and front.slug_en and not release.slug_en:
        release.slug_en = free_english_slug_from(Release, front.slug_en, exclude_pk=release.pk)


def _wanted_state(parsed, release, user, options, warnings):
    """What the file asks of the release's state, for services.release_import to decide on."""
    front = parsed.front_matter
    # Which of the file's times was used is moot when the user may not set them.
    times_warnings = warnings if services.may_set_times(user) else []
    published_at, embargo_until = times_in_file(parsed, release.published_at, times_warnings)
    return services.ImportedState(
        status=options["status"],
        file_status=front.status if front is not None and front.given("status") else "",
        from_file=options["from_file"],
        published_at=published_at,
        embargo_until=embargo_until,
        embargo_unreadable=any(part.embargo_unreadable for part in [parsed.main, *parsed.translations.values()]),
        withdrawn_at=front.withdrawn_at if front is not None else None,
        withdrawal_explanation=front.withdrawal_explanation if front is not None else {},
    )


def _import_translation(parsed, release, user):
    """Add or replace the English version of an existing release (a lone x.en.md file)."""
    english = parsed.part("en")
    for name, value in _texts(english).items():
        setattr(release, f"{name}_en", value)
    validated(release)
    services.release_import(release=release, actor=user, created=False, state=None, warnings=[])
    update_link_labels(release, english)
    services.release_record_import(
        release=release, actor=user, sources=parsed.sources, created=False, previous_status=release.status
    )
    message = _(
        "Only the English version was updated; contacts, links and issuing organisations were left as they were."
    )
    return ImportResult(release=release, created=False, warnings=[message])


def new_entries(parsed, *, release=None):
    """{model: [names]} of the organisations, people and topics that importing `parsed` over
    `release` (None: a new release) would add to the directory, as Directory.new_entries() gives
    them: what the admin upload's preview checks (releases.importing.permissions).

    Found by resolving the file's names as the import does, then rolling that back, so the
    answer is the import's own and nothing is left written.
    """
    if only_translation(parsed, release=release):
        return {}
    directory = Directory(parsed.front_matter, warnings=[])
    with transaction.atomic():
        resolve_named(parsed, directory, [])
        transaction.set_rollback(True)
    return directory.new_entries()


def file_times(parsed, *, release=None):
    """The publication time and embargo that importing `parsed` gives a draft (over `release`,
    None for a new one), before the workflow's rules; None when it leaves them alone."""
    if only_translation(parsed, release=release):
        return None
    return times_in_file(parsed, release.published_at if release else None, [])
