"""Dates, datelines and embargo lines as Spanish and English press releases write them.

Only two languages and a known set of shapes are involved, so the grammar is written out here
rather than pulled from a general date-guessing library: a wrong guess about an embargo time
would publish a release early, so anything outside these shapes is reported, not guessed.
Dates may come without a year (“Madrid, 3 mar (EFE)”, “EMBARGADO HASTA … DEL 4 DE MARZO”):
they are read as a `PartialDate`, completed once the release's other dates are known.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from releases.importing import zones
from releases.importing.vocabulary import EMBARGO_OPENER, MONTHS, WEEKDAYS, fold

SPANISH_MONTHS = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
]  # fmt: skip
ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
SPANISH_WEEKDAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
ENGLISH_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class PartialDate(NamedTuple):
    year: int | None  # None when the text gives none
    month: int
    day: int


def _words(names):
    return "|".join(sorted(names, key=len, reverse=True))


def _any_accent(word):
    return re.sub(r"[aeiou]", lambda vowel: f"[{vowel[0]}{'áéíóú'['aeiou'.index(vowel[0])]}]", word)


_MONTH = rf"(?P<month>{_words(MONTHS)})\.?"
_WEEKDAY = rf"(?:(?:{_any_accent(_words(WEEKDAYS))})\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|º|°|o)?"
_YEAR = r"(?P<year>\d{4})"
# "12 de mayo de 2024", "marzo 17 de 2025", "4 March 2025", "March 4, 2025", "2025-03-04", each
# with an optional weekday; then the same without a year ("3 de marzo", "3 mar", "March 12").
_WITH_YEAR = [
    _WEEKDAY + _DAY + r"\s+de\s+" + _MONTH + r"\s+(?:de|del)\s+" + _YEAR,
    _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+(?:de|del)\s+" + _YEAR,
    _WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR,
    _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR,
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})",
    # "20/05/2025", "20.05.2025": day first, as in Spanish and British usage (month first only when it must be).
    r"(?<![\d/.])(?P<day>\d{1,2})(?P<numeric>[/.])(?P<month>\d{1,2})(?P=numeric)" + _YEAR,
]
_WITHOUT_YEAR = [_WEEKDAY + _DAY + r"\s+(?:de\s+)?" + _MONTH, _WEEKDAY + _MONTH + r"\s+" + _DAY]
DATE_PATTERNS = [re.compile(p + r"(?![\w])", re.IGNORECASE) for p in _WITH_YEAR + _WITHOUT_YEAR]
_ANY_DATE = "|".join(
    f"(?:{re.sub(r'[(][?]P<[a-z]+>', '(?:', p).replace('(?P=numeric)', '[/.]')})" for p in _WITH_YEAR + _WITHOUT_YEAR
)


def _partial(match):
    month, day = match["month"], int(match["day"])
    number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    year = int(match["year"]) if "year" in match.groupdict() and match["year"] else None
    if month.isdigit() and number > 12 >= day:
        number, day = day, number  # "05/20/2025" can only be month first
    if not number or number > 12 or not 1 <= day <= 31:
        return None
    return PartialDate(year, number, day)


def find_date(text):
    """The first date in `text` as (PartialDate, span), or (None, None); one with a year wins."""
    for patterns in (DATE_PATTERNS[: len(_WITH_YEAR)], DATE_PATTERNS[len(_WITH_YEAR) :]):
        matches = [m for m in (p.search(text) for p in patterns) if m and _partial(m)]
        if matches:
            best = min(matches, key=lambda m: m.start())
            return _partial(best), best.span()
    return None, None


def complete(partial, reference):
    """The date a PartialDate names, its year (when missing) the one nearest `reference`; None if invalid."""
    if partial is None:
        return None
    years = [partial.year] if partial.year else [reference.year - 1, reference.year, reference.year + 1]
    candidates = []
    for year in years:
        try:
            candidates.append(date(year, partial.month, partial.day))
        except ValueError:
            continue
    return min(candidates, key=lambda day: abs(day - reference), default=None)


# "00:01", "0.01 h", "10:00 am", "10 a. m.", "11 h", "08:00 HRS.", and a bare hour before a zone ("10 GMT").
_ZONE_AHEAD = "|".join(zones.NAMES)
TIME_PATTERN = re.compile(
    r"(?<![\d:.,])(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?!\d))?\s*"
    r"(?:(?P<ampm>[ap]\.?\s?m\.?)(?![a-z])|(?P<suffix>h(?:rs?|oras?)?\.?)(?![a-z])"
    rf"|(?P<zone>(?=\(?(?-i:{_ZONE_AHEAD})\b)))?",
    re.IGNORECASE,
)


def find_time(text):
    """(hour, minute) of the first time of day in `text`, or None."""
    for match in TIME_PATTERN.finditer(text):
        if match["minute"] is None and match["ampm"] is None and match["suffix"] is None and match["zone"] is None:
            continue  # a bare number is a time only with "h", "a. m." or a zone: "4 March" is a day
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        ampm = re.sub(r"[\s.]", "", match["ampm"] or "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour <= 23 and minute <= 59:
            return hour, minute
    return None


class EmbargoNotUnderstood(ValueError):
    pass


@dataclass
class EmbargoLine:
    """What an embargo line says: a day (perhaps without its year), a time, perhaps a zone."""

    day: PartialDate
    hour: int
    minute: int
    zone: zones.WrittenZone | None

    def moment(self, reference, default_zone):
        """The aware moment; the year nearest `reference` when the line gives none."""
        return zones.at(complete(self.day, reference), self.hour, self.minute, self.zone_or(default_zone))

    def zone_or(self, default_zone):
        return self.zone.zone if self.zone else default_zone


def read_embargo(line, *, language):
    """The EmbargoLine `line` is, or None when it is not one.

    Raises EmbargoNotUnderstood when the line is an embargo but its date cannot be read, so
    the caller can keep the line and say so instead of guessing.
    """
    match = EMBARGO_OPENER.match(line)
    if not match or len(line) > 300:
        return None
    rest = line[match.end() :]
    day, span = find_date(rest)
    if day is None or complete(day, date(2000, 1, 1)) is None:
        raise EmbargoNotUnderstood(line)
    without_date = rest[: span[0]] + " " + rest[span[1] :]
    hour, minute = find_time(without_date) or (0, 0)
    return EmbargoLine(day, hour, minute, zones.find_zone(without_date, language))


# A dateline opens the first paragraph: "Ciudad de México, 12 de mayo de 2024.–", "MADRID, 3 mar
# (EFE).-", "NAIROBI, Kenya, March 3, 2025 /PRNewswire/ --", "WASHINGTON (March 3, 2025) —",
# "SAN FRANCISCO, CA — April 15, 2025 —", "Mombasa, 12th March 2025:", or only a date
# ("12 May 2024 –"), or only a place followed by ".–" ("CIUDAD DE MÉXICO.–").
_PLACE = r"(?P<place>[^\W\d_][\w .’'/-]{0,58}?(?:,\s*[^\W\d_][\w .’'-]{0,38}?){0,2})"
_OPEN = r"^(?P<open>\s*(?:\*\*|__)?)\s*\(?"  # "(Mendoza, 14 de abril de 2025).-"
_CLOSE = r"\)?(?P<close>(?:[.:]?(?:\*\*|__))?)"
_CREDIT = r"(?:\s*\([A-ZÁÉÍÓÚ][\w .]{0,20}\)|\s*/[A-Za-z][\w .-]{1,40}/)?"  # (EFE), /PRNewswire/
# “LAGOS, Nigeria--(BUSINESS WIRE)--March 18, 2025--”: the wire between the place and the date.
_WIRE = r"\s*(?:-{1,2}|[–—])\s*\([A-Z][\w .-]{1,40}\)\s*(?:-{1,2}|[–—])\s*"
_SEPARATOR = (
    r"(?P<sep>\s*\.?\s*(?:\*\*|__)?\s*(?:[–—]|-{1,2})\s*(?:\*\*|__)?\s*|\s*:\s+|\.\s+|(?<=\*\*)\s+|(?<=__)\s+"
    r"|[.:]?\s*$)"
)
_DATE = rf"(?P<date>{_ANY_DATE})"
DATELINE_PATTERNS = [
    re.compile(_OPEN + _PLACE + r",\s*(?:a\s+|el\s+|on\s+)?" + _DATE + _CREDIT + _CLOSE + _SEPARATOR, re.IGNORECASE),
    re.compile(_OPEN + _PLACE + r"\s*(?:[–—|]|-{1,2})\s*" + _DATE + _CREDIT + _CLOSE + _SEPARATOR, re.IGNORECASE),
    re.compile(_OPEN + _PLACE + r"\s*\(\s*" + _DATE + r"\s*\)" + _CLOSE + _SEPARATOR, re.IGNORECASE),
    re.compile(_OPEN + _PLACE + _WIRE + _DATE + _CLOSE + _SEPARATOR, re.IGNORECASE),
    re.compile(_OPEN + _DATE + _CLOSE + _SEPARATOR, re.IGNORECASE),
    re.compile(_OPEN + r"(?P<place>[^\W\d_][\w ’']{1,58}?)" + _CLOSE + r"(?P<sep>\s*\.\s*(?:[–—]|-{1,2})\s*)"),
]

_SMALL_WORDS = {"de", "del", "la", "las", "el", "los", "y", "e", "of", "the", "and", "on", "upon"}


def tidy_place(place):
    """“MEXICO CITY” -> “Mexico City”, “SAN FRANCISCO, CA” -> “San Francisco, CA”; mixed case is kept."""
    place = " ".join(place.split()).strip(" ,")
    return ", ".join(_tidy_component(component) for component in place.split(", "))


def _tidy_component(component):
    words = component.split(" ")
    if not component.isupper() or (len(words) == 1 and (len(component) <= 3 or _is_abbreviation(component))):
        return component  # mixed case as written; "CA", "IL", "CDMX" on purpose
    small = [index and word.lower() in _SMALL_WORDS for index, word in enumerate(words)]
    return " ".join(
        word if _is_abbreviation(word) else word.lower() if lower else word.capitalize()
        for word, lower in zip(words, small, strict=True)
    )


def _is_abbreviation(word):
    """“D.C.”, “CDMX”: written in capitals on purpose."""
    return bool(re.fullmatch(r"(?:[A-Z]\.)+|[^AEIOUÁÉÍÓÚ\s]+", word))


def match_dateline(line):
    """(place or None, PartialDate or None, end offset) for a dateline opening `line`, or None."""
    for pattern in DATELINE_PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        opened = bool(match["open"].strip())
        if opened and not match["close"] and "**" not in match["sep"] and "__" not in match["sep"]:
            continue  # "**Ciudad de México, ..." whose bold runs on into the paragraph: not ours to cut
        groups = match.groupdict()
        if groups.get("place") and fold(groups["place"]) in WEEKDAYS:
            continue  # “Thursday, 13th March 2025:” is a date without a place
        place = tidy_place(groups["place"]) if groups.get("place") else None
        day = None
        if groups.get("date"):
            day, _span = find_date(groups["date"])
            if day is None:
                continue
        return place, day, match.end()
    return None


def format_dateline(place, day, language):
    """The dateline the exporter writes; match_dateline reads it back."""
    if language == "es":
        when = f"{day.day} de {SPANISH_MONTHS[day.month - 1]} de {day.year}" if day else ""
        return (f"{place}, {when}" if place and when else place or when) + ".–"
    when = f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}" if day else ""
    if place and when:
        return f"{place}, {when} –"
    return f"{place}.–" if place else f"{when} –"


def format_embargo(moment, language):
    """“EMBARGADO HASTA el 3 de marzo de 2025, 00:01 h (UTC-06:00)” in the moment's own offset."""
    zone = f"UTC{zones.format_offset(moment)}"
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    if language == "es":
        weekday = SPANISH_WEEKDAYS[moment.weekday()]
        return (
            f"EMBARGADO HASTA el {weekday} {moment.day} de {SPANISH_MONTHS[moment.month - 1]} de {moment.year}, "
            f"{clock} h ({zone})"
        )
    weekday = ENGLISH_WEEKDAYS[moment.weekday()]
    return f"EMBARGOED UNTIL {clock} {zone}, {weekday} {moment.day} {ENGLISH_MONTHS[moment.month - 1]} {moment.year}"
