"""Checks for uploaded files, run as model-field validators so the admin shows a form error.

An upload is judged by its content, not by its name: an image must open in Pillow as one of
the allowed formats, and a document must start with the signature of the type its extension
claims. Nothing is written to storage until these pass.
"""

import os
import re
import secrets
import unicodedata
import warnings

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import ExifTags, Image

IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}

_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)  # docx, xlsx, pptx, odt, ods, odp are zip containers
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy doc, xls, ppt
_JPEG = (b"\xff\xd8\xff",)
_PNG = (b"\x89PNG\r\n\x1a\n",)
_GIF = (b"GIF87a", b"GIF89a")
_WEBP = (b"RIFF",)

# extension -> (label shown to journalists, accepted leading bytes)
ATTACHMENT_TYPES = {
    "pdf": ("PDF", _PDF),
    "doc": ("Word", _OLE),
    "docx": ("Word", _ZIP),
    "odt": ("OpenDocument", _ZIP),
    "xls": ("Excel", _OLE),
    "xlsx": ("Excel", _ZIP),
    "ods": ("OpenDocument", _ZIP),
    "ppt": ("PowerPoint", _OLE),
    "pptx": ("PowerPoint", _ZIP),
    "odp": ("OpenDocument", _ZIP),
    "jpg": ("JPEG", _JPEG),
    "jpeg": ("JPEG", _JPEG),
    "png": ("PNG", _PNG),
    "gif": ("GIF", _GIF),
    "webp": ("WebP", _WEBP),
}


def file_extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _check_size(upload, limit):
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def validate_image(upload):
    """Accept only a real JPEG, PNG, WebP or GIF within the byte and pixel limits."""
    _check_size(upload, settings.NEWSROOM_MAX_IMAGE_BYTES)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns about very large images; treat that as an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels."), code="image_too_large") from None
    except Exception:
        raise ValidationError(
            _("The file is not an image or is damaged. Upload a JPEG, PNG, WebP or GIF file."),
            code="invalid_image",
        ) from None
    finally:
        upload.seek(position)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF file.") % {"format": image_format},
            code="image_format",
        )
    if width * height > settings.NEWSROOM_MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The image is %(width)s×%(height)s pixels; the limit is %(limit)s million pixels.")
            % {"width": width, "height": height, "limit": settings.NEWSROOM_MAX_IMAGE_PIXELS // 1_000_000},
            code="image_too_large",
        )


def validate_attachment(upload):
    """Accept documents and images whose content matches their extension."""
    _check_size(upload, settings.NEWSROOM_MAX_ATTACHMENT_BYTES)
    extension = file_extension(upload.name)
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("Files of type “.%(extension)s” are not accepted. Allowed: %(allowed)s.")
            % {"extension": extension, "allowed": ", ".join(sorted(ATTACHMENT_TYPES))},
            code="attachment_type",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if not head.startswith(ATTACHMENT_TYPES[extension][1]):
        raise ValidationError(
            _("The file’s content does not match its “.%(extension)s” extension.") % {"extension": extension},
            code="attachment_content",
        )
    if extension in {"jpg", "jpeg", "png", "gif", "webp"}:
        validate_image(upload)


def attachment_label(name):
    """The kind of document, as a journalist would say it ("PDF", "Word")."""
    return ATTACHMENT_TYPES.get(file_extension(name), (file_extension(name).upper(),))[0]


def image_facts(field_file):
    """(size in bytes, MIME type, width, height) of a stored or just-uploaded image, read once
    when it is saved.

    Feeds announce each featured image's length and type, and pages give its width and height
    and the widths of its renditions (newsroom/renditions.py); storage may be remote, so the
    facts are kept on the row instead of being asked for on every request. Width and height
    are as the image is seen, once turned upright by its EXIF orientation. A fresh upload is
    measured in memory; a file already in storage is opened once. A missing or unreadable
    file gives (0, "", 0, 0).
    """
    fresh = not field_file._committed
    try:
        if fresh:
            upload = field_file.file
            position = upload.tell()
            upload.seek(0)
            try:
                with Image.open(upload) as image:
                    facts = _facts(image)
            finally:
                upload.seek(position)
            return upload.size or 0, *facts
        with field_file.storage.open(field_file.name, "rb") as stored, Image.open(stored) as image:
            facts = _facts(image)
        return field_file.storage.size(field_file.name), *facts
    except (OSError, ValueError):
        return 0, "", 0, 0


# EXIF orientations that turn the image a quarter: its width is its stored height.
_QUARTER_TURNS = {5, 6, 7, 8}


def _facts(image):
    width, height = image.size
    if image.getexif().get(ExifTags.Base.Orientation) in _QUARTER_TURNS:
        width, height = height, width
    return image.get_format_mimetype() or "", width, height


# --- Stored names ----------------------------------------------------------------------------
#
# An uploaded file is stored as `<folder>/<its name, made safe>.<128 random bits in hex><.ext>`:
# readable when downloaded (the random part is left out of the name a browser saves it as), and
# impossible to guess, so that a name alone never finds a file. Files are served only through
# the newsroom's own view (releases/media.py), which also checks who may have them; the random
# part is the second lock, for a storage that someone might one day serve directly.

_KEYED_NAME = re.compile(r"^(?P<stem>.*)\.(?P<key>[0-9a-f]{32})(?P<extension>\.[^./]+)?$")
STEM_LENGTH = 80


@deconstructible
class UnguessableName:
    """`upload_to` for every uploaded file: `UnguessableName("releases/images")`."""

    def __init__(self, folder):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        return unguessable_name(self.folder, filename)

    def __eq__(self, other):
        return isinstance(other, UnguessableName) and other.folder == self.folder


def unguessable_name(folder, filename):
    """`folder/<safe stem>.<random>.<ext>` for an upload called `filename`."""
    stem, extension = os.path.splitext(os.path.basename(filename or ""))
    stem = _safe(stem)[:STEM_LENGTH] or "file"
    extension = _safe(extension.lstrip(".")).lower()[:10]
    return f"{folder}/{stem}.{secrets.token_hex(16)}{'.' + extension if extension else ''}"


def _safe(text):
    """Letters, digits, “-”, “_” and “.” only, accents kept (Django's rule for stored names)."""
    text = unicodedata.normalize("NFC", text).strip().strip(".")
    try:
        return get_valid_filename(text) if text else ""
    except SuspiciousFileOperation:
        return ""


def download_name(name):
    """The name a stored file is downloaded as: its own name without the random part."""
    basename = os.path.basename(name or "")
    match = _KEYED_NAME.match(basename)
    if match is None:
        return basename
    return f"{match['stem']}{match['extension'] or ''}"
