"""Checks for uploaded files, run as model-field validators so the admin shows a form error.

An upload is judged by its content, not by its name: an image must open in Pillow as one of
the allowed formats, and a document must start with the signature of the type its extension
claims. Nothing is written to storage until these pass.
"""

import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

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
    """(size in bytes, MIME type) of a stored or just-uploaded image, read once when it is saved.

    Feeds announce each featured image's length and type; storage may be remote, so the facts
    are kept on the row instead of being asked for on every request. A fresh upload is
    measured in memory; a file already in storage is opened once. A missing or unreadable
    file gives (0, "").
    """
    fresh = not field_file._committed
    try:
        if fresh:
            upload = field_file.file
            position = upload.tell()
            upload.seek(0)
            try:
                with Image.open(upload) as image:
                    mime_type = image.get_format_mimetype() or ""
            finally:
                upload.seek(position)
            return upload.size or 0, mime_type
        with field_file.storage.open(field_file.name, "rb") as stored, Image.open(stored) as image:
            mime_type = image.get_format_mimetype() or ""
        return field_file.storage.size(field_file.name), mime_type
    except (OSError, ValueError):
        return 0, ""
