"""Text helpers both apps use."""

import functools
import re
import unicodedata

from django.utils import timezone
from django.utils.formats import date_format


def without_accents(text):
    """The text without accents, keeping its case: “Secretaría” -> “Secretaria”."""
    if (text or "").isascii():
        return text or ""
    text = unicodedata.normalize("NFKD", text).translate(_combining_marks())
    if not all(ord(c) <= 0xFFFF for c in text):  # marks outside the table (rare): one by one
        text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text)


@functools.cache
def _combining_marks():
    """A str.translate table deleting the combining marks of the Basic Multilingual Plane: the
    import folds every name it reads, and this does in C what a loop over characters did."""
    return dict.fromkeys(code for code in range(0x10000) if unicodedata.combining(chr(code)))


def without_accents_or_case(text):
    """Text with accents removed and case folded, punctuation kept: “MÉXICO, D.F.” -> “mexico, d.f.”."""
    return without_accents(text).casefold()


def by_name(objects):
    """Objects sorted as people read names, ignoring case: what lists of organisations and topics show."""
    return sorted(objects, key=lambda obj: str(obj).casefold())


def folded(text):
    """A name or heading folded for comparison: no case, accents, punctuation or extra spaces.

    “Núcleo de la Sociedad Civil”, “NUCLEO DE LA SOCIEDAD CIVIL” and “Nucleo de la sociedad
    civil.” all fold to “nucleo de la sociedad civil”.
    """
    text = re.sub(r"[^\w\s]", " ", without_accents_or_case(text)).replace("_", " ")
    return " ".join(text.split())


def describe_moment(moment):
    """A moment as staff read it in messages and the audit trail: local date, time and zone."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def utc_offset(local):
    """“UTC−06:00” for a local datetime: unambiguous where zone abbreviations are not."""
    minutes = round(local.utcoffset().total_seconds() / 60)
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{'−' if local.utcoffset().total_seconds() < 0 else '+'}{hours:02d}:{minutes:02d}"


def zone_label(local, *, with_offset=False):
    """The zone of a local datetime as readers know it: its abbreviation (“CST”), with the UTC
    offset when asked; zones without an abbreviation (“-03”) are named by their offset alone."""
    abbreviation = local.tzname() or ""
    if not abbreviation or abbreviation[0] in "+-":
        return utc_offset(local)
    return f"{abbreviation}, {utc_offset(local)}" if with_offset else abbreviation
