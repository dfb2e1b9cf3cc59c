"""Turning files and uploads into clean text, with a one-line reason when that is impossible.

Text is read as UTF-8 (with or without a byte-order mark), then as Windows-1252, the two
encodings such archives come in; UTF-16 is recognised by its byte-order mark. Line endings
become "\\n" and non-breaking spaces plain spaces, so the parser sees one shape of text.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 2 * 1024 * 1024
# What a folder import picks up; a file named on the command line is read whatever its name.
TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
# x.es.md / x.en.md: the language of a file, as export_releases names them.
LANGUAGE_SUFFIX = re.compile(r"\.(?P<language>es|en)$", re.IGNORECASE)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class UnreadableFile(Exception):
    """A file that cannot be imported; the message is the one-line reason."""


@dataclass
class SourceText:
    name: str  # as shown to people: the path given, or the uploaded file's name
    text: str
    warnings: list
    # Where files named in the front matter are read from; None for an upload, which has no folder.
    folder: Path | None = None

    @property
    def import_key(self):
        return import_key(self.name)

    @property
    def language(self):
        return name_language(self.name)


def import_key(name):
    """What makes two files “the same file”: the name without folder, language and extension.

    `2017/salida-stt.md`, `salida-stt.es.md` and an upload called `salida-stt.md` all give
    `salida-stt`, so importing an edited copy updates the release it created.
    """
    stem = Path(name).name
    suffix = Path(stem).suffix
    if suffix.lower() in TEXT_SUFFIXES:
        stem = stem[: -len(suffix)]
    return LANGUAGE_SUFFIX.sub("", stem)[:200]


def name_language(name):
    """ "es" or "en" when the file name says so (x.en.md), else None."""
    stem = Path(name).name
    suffix = Path(stem).suffix
    if suffix.lower() in TEXT_SUFFIXES:
        stem = stem[: -len(suffix)]
    match = LANGUAGE_SUFFIX.search(stem)
    return match["language"].lower() if match else None


def decode(data):
    """(text, warnings) for the bytes of a file, or UnreadableFile."""
    if not data.strip():
        raise UnreadableFile(_("The file is empty."))
    warnings = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile(_("The file says it is UTF-16 but is not valid UTF-16.")) from None
    elif b"\x00" in data[:8192]:
        raise UnreadableFile(_("This is a binary file, not Markdown text."))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise UnreadableFile(
                    _("The text is neither UTF-8 nor Windows-1252; save it as UTF-8 and try again.")
                ) from None
            warnings.append(_("The file is not UTF-8; it was read as Windows-1252."))
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise UnreadableFile(_("This is a binary file, not Markdown text."))
    return normalise(text), warnings


def normalise(text):
    """One shape of text: "\\n" line endings, plain spaces, no byte-order mark."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    # Non-breaking and other fixed-width spaces would hide list markers, hard breaks and
    # datelines from the parser; they carry no meaning in an imported release.
    return re.sub(r"[\u00a0\u2007\u202f\u2000-\u200a]", " ", text)


def check_size(size):
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_FILE_BYTES)}
        )


def read_file(path):
    """A SourceText for a file on disk, or UnreadableFile with the reason."""
    path = Path(path)
    try:
        check_size(path.stat().st_size)
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(_("Cannot read the file: %(reason)s.") % {"reason": error.strerror or error}) from None
    check_size(len(data))
    text, warnings = decode(data)
    return SourceText(name=str(path), text=text, warnings=warnings, folder=path.parent)


def read_upload(upload):
    """A SourceText for an uploaded file (Django UploadedFile), or UnreadableFile."""
    check_size(upload.size or 0)
    data = upload.read(MAX_FILE_BYTES + 1)
    check_size(len(data))
    text, warnings = decode(data)
    return SourceText(name=upload.name, text=text, warnings=warnings)


def collect_paths(paths):
    """[(path, error or None)]: the files to import from files and folders, in a stable order.

    Folders are walked recursively for .md, .markdown and .txt files, skipping hidden ones; a
    folder or entry that cannot be listed comes back with its error instead of stopping the walk.
    """
    found = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(_walk(path))
        elif path.exists() or path.is_symlink():
            found.append((path, None))
        else:
            found.append((path, _("No such file or folder.")))
    return found


def _walk(folder):
    errors = []

    def on_error(error):
        errors.append(
            (Path(error.filename), _("Cannot read the folder: %(reason)s.") % {"reason": error.strerror or error})
        )

    found = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in TEXT_SUFFIXES:
                continue
            found.append((Path(root) / name, None))
    return sorted(found + errors, key=lambda item: str(item[0]))
