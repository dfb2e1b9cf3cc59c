"""Smaller copies of uploaded images, so that no page sends a phone a multi-megapixel original.

A rendition is the original turned upright by its EXIF orientation, scaled down to one of
`WIDTHS` (never up), without its metadata (EXIF, GPS position, camera, XMP: a photo of a
spokesperson must not tell where it was taken), as WebP. It is stored beside its original, in
the same storage (a folder or a bucket), under a name derived from the original's:

    releases/images/portada.<random>.jpg  ->  releases/images/portada.<random>.jpg.640w.webp

so a page computes every rendition's URL from the row alone (the original's name and width, no
I/O, no query), the name is as unguessable as the original's, and the media view finds the
original, and with it who may see the rendition, from the rendition's name.

Renditions are made when an image is saved (after the transaction commits) and, for an image
that has none yet (bulk-created rows, a failure, an image stored before renditions existed), by
the media view on the first request. Two requests making the same rendition at once write the
same bytes; the loser's copy is removed (`store_as`), so no lock is needed.
"""

import io
import logging
import re

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 1024, 1600)
FORMAT, EXTENSION, MIME_TYPE = "WEBP", "webp", "image/webp"
QUALITY = 80
_RENDITION = re.compile(rf"^(?P<original>.+)\.(?P<width>[1-9][0-9]{{0,4}})w\.{EXTENSION}$")


def widths_for(width):
    """The rendition widths of an image `width` pixels wide: those of WIDTHS below it, and its own
    width (or the largest of WIDTHS) at the top. Nothing for an image whose width is not known."""
    if not width:
        return []
    return sorted({size for size in WIDTHS if size < width} | {min(width, WIDTHS[-1])})


def rendition_name(name, width):
    return f"{name}.{width}w.{EXTENSION}"


def parse_rendition_name(name):
    """(original name, width) when `name` is a rendition's name, else None."""
    match = _RENDITION.match(name)
    return (match["original"], int(match["width"])) if match else None


def srcset(field_file, width):
    """[(rendition width, its URL)] of a stored image `width` pixels wide, computed without I/O."""
    storage, name = field_file.storage, field_file.name
    return [(size, storage.url(rendition_name(name, size))) for size in widths_for(width)]


def largest_url(field_file, width):
    """The URL of an image's largest rendition (what link previews and search engines are given:
    no metadata, at most WIDTHS[-1] wide), or of the original when its width is not known."""
    sizes = srcset(field_file, width)
    return sizes[-1][1] if sizes else field_file.url


def height_for(width, height, target_width):
    return max(1, round(height * target_width / width))


def render(source, widths):
    """{width: WebP bytes} of the image read from the file object `source`."""
    with Image.open(source) as image:
        _decode_smaller(image, max(widths))
        upright = ImageOps.exif_transpose(image)
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha else "RGB")
        results = {}
        for width in sorted(widths, reverse=True):
            size = (width, height_for(upright.width, upright.height, width))
            scaled = upright if size == upright.size else upright.resize(size, Image.Resampling.LANCZOS, reducing_gap=3)
            buffer = io.BytesIO()
            # No exif, xmp or icc_profile given: the copy carries none of the original's metadata.
            scaled.save(buffer, FORMAT, quality=QUALITY, method=4)
            results[width] = buffer.getvalue()
        return results


def _decode_smaller(image, width):
    """Let a JPEG decode at the smallest scale still at least `width` wide once upright (much
    faster and lighter for a large photo); other formats decode whole."""
    stored_width, stored_height = image.size
    turned = image.getexif().get(0x0112) in (5, 6, 7, 8)  # EXIF orientation: a quarter turn
    if turned:
        image.draft("RGB", (height_for(stored_height, stored_width, width), width))
    else:
        image.draft("RGB", (width, height_for(stored_width, stored_height, width)))


def store_as(storage, name, content):
    """Store `content` under exactly `name` unless a file is already there (made by another request)."""
    if storage.exists(name):
        return
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # another request stored the same rendition meanwhile
        storage.delete(saved)


def make_renditions(storage, name, width, widths=None):
    """Store the renditions of the image `name` (`width` pixels wide) that are missing: all of
    them, or those of `widths`. Returns the widths made. A missing or unreadable original makes
    nothing and is logged: pages then fall back to the original."""
    wanted = [size for size in (widths or widths_for(width)) if not storage.exists(rendition_name(name, size))]
    if not wanted:
        return []
    try:
        with storage.open(name, "rb") as source:
            made = render(source, wanted)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("Could not make renditions of %s: %s", name, error)
        return []
    for size, content in made.items():
        store_as(storage, rendition_name(name, size), content)
    return sorted(made)
