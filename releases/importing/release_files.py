"""The featured image, attachments and logos a front matter names, read from beside the Markdown file.

`read_release_files` finds and checks every file before anything is written (the same checks
as an upload in the admin: newsroom/uploads.py), so a missing or bad file fails the release
as a whole. `store_featured_image` and `store_attachments` then put them on the release, and
`store_logo` on an organisation that has none; a file whose bytes are already stored for the
release is not stored again, so importing the same export twice leaves storage as it was.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from newsroom.uploads import validate_attachment, validate_image
from releases.models import Attachment


class FileProblem(Exception):
    """A file named in the front matter cannot be used; the message says which and why."""


@dataclass
class LocalFile:
    path: Path
    digest: str


def _digest(handle):
    sha = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        sha.update(chunk)
    return sha.hexdigest()


def _locate(folder, name):
    """The file `name` (relative, with “/”) inside `folder`, or FileProblem."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or "\\" in name or not relative.parts:
        raise FileProblem(
            _("%(file)s: name files by their path from the Markdown file’s folder, inside that folder.")
            % {"file": name}
        )
    root = Path(folder).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):  # a link pointing out of the folder
        raise FileProblem(_("%(file)s: the file is outside the folder of the Markdown file.") % {"file": name})
    if not path.is_file():
        raise FileProblem(_("%(file)s: no such file next to the Markdown file.") % {"file": name})
    return path


def _check(path, name, validator):
    try:
        with path.open("rb") as handle:
            validator(File(handle, name=path.name))
            handle.seek(0)
            return _digest(handle)
    except ValidationError as error:
        raise FileProblem(f"{name}: {' '.join(error.messages)}") from None
    except OSError as error:
        raise FileProblem(
            _("%(file)s: cannot read the file: %(reason)s.") % {"file": name, "reason": error.strerror or error}
        ) from None


def read_release_files(front_matter, folder):
    """{name in the front matter: LocalFile} for the image, attachments and organisations' logos,
    checked, or FileProblem."""
    found = {}
    checks = []
    if front_matter.featured_image:
        checks.append((front_matter.featured_image.file, validate_image))
    checks.extend((entry.file, validate_attachment) for entry in front_matter.attachments)
    checks.extend((name, validate_image) for name in front_matter.logos)
    for name, validator in checks:
        path = _locate(folder, name)
        found[name] = LocalFile(path=path, digest=_check(path, name, validator))
    return found


def stored_digest(field_file):
    """The SHA-256 of a stored file, or None when it is missing or unreadable."""
    if not field_file:
        return None
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            return _digest(handle)
    except (OSError, ValueError):
        return None


def _store(field_file, local, stored):
    with local.path.open("rb") as handle:
        field_file.save(local.path.name, File(handle), save=False)
    stored.append((field_file.storage, field_file.name))


def store_logo(organisation, name, files, stored):
    """Give `organisation` (not yet saved) the logo `name` of the front matter; `stored` collects the new file."""
    _store(organisation.logo, files[name], stored)


def store_featured_image(release, entry, files, stored):
    """Put the front matter's image (or none) on `release`, not yet saved; `stored` collects new files."""
    if entry is None:
        release.featured_image = ""
        release.featured_image_alt_es = release.featured_image_alt_en = release.featured_image_credit = ""
        return
    local = files[entry.file]
    if stored_digest(release.featured_image) != local.digest:
        _store(release.featured_image, local, stored)
    release.featured_image_alt_es = entry.text.get("es", "")[:300]
    release.featured_image_alt_en = entry.text.get("en", "")[:300]
    release.featured_image_credit = entry.credit[:200]


def store_attachments(release, entries, files, stored, warnings):
    """Make the release's attachments those of the front matter, in its order; `stored` collects new files."""
    kept = {}
    for attachment in release.attachments.all():
        kept.setdefault(stored_digest(attachment.file), attachment.file.name)
    release.attachments.all().delete()
    for position, entry in enumerate(entries):
        local = files[entry.file]
        title_es = entry.text.get("es") or entry.text.get("en") or local.path.name
        if not entry.text.get("es"):
            warnings.append(
                _("The attachment %(file)s has no Spanish title; “%(title)s” was used.")
                % {"file": entry.file, "title": title_es}
            )
        attachment = Attachment(
            release=release, position=position, title_es=title_es[:300], title_en=entry.text.get("en", "")[:300]
        )
        if local.digest in kept:
            attachment.file.name = kept[local.digest]  # the same bytes are stored already
        else:
            _store(attachment.file, local, stored)
        attachment.save()
