"""Dates, datelines and embargo lines as Spanish and English press releases write them.

Only two languages and a handful of shapes are involved, so the grammar is written out here
rather than pulled from a general date-guessing library: a wrong guess about an embargo time
would publish a release early, so anything outside these shapes is reported, not guessed.
"""

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from newsroom.text import without_accents

MONTHS = {
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # English, with the usual abbreviations
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
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

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+)?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|º|°|o)?"
_YEAR = r"(?P<year>\d{4})"
# "12 de mayo de 2024", "4 March 2025", "March 4, 2025", "2025-03-04", with an optional weekday.
DATE_PATTERNS = [
    re.compile(_WEEKDAY + _DAY + r"\s+de\s+" + _MONTH + r"\s+(?:de|del)\s+" + _YEAR, re.IGNORECASE),
    re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR, re.IGNORECASE),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
]
DATE = re.sub(r"\(\?P<\w+>", "(?:", "|".join(f"(?:{pattern.pattern})" for pattern in DATE_PATTERNS[:3]))


def _month_number(value):
    return int(value) if value.isdigit() else MONTHS.get(value.lower().rstrip("."))


def find_date(text):
    """The first date in `text` as (date, match span), or (None, None)."""
    best = None
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best.start()):
            best = match
    if best is None:
        return None, None
    try:
        found = date(int(best["year"]), _month_number(best["month"]), int(best["day"]))
    except (TypeError, ValueError):
        return None, None
    return found, best.span()


# "00:01", "0.01 h", "10:00 am", "10 a.m.", "12:01 hrs"
TIME_PATTERN = re.compile(
    r"(?<![\d:.])(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*"
    # A bare number counts only before a zone ("10 GMT"): "4 March" is a day, not a time.
    r"(?:(?P<ampm>[ap]\.?\s?m\.?)(?![a-z])|(?P<suffix>h(?:rs?|oras)?\.?)(?![a-z])|(?=\s*(?:GMT|UTC|CET|ET|\()))",
    re.IGNORECASE,
)

# Zone names as releases write them -> IANA zone. Offsets ("UTC-6", "GMT+01:00") are read apart.
ZONE_NAMES = {
    "gmt": "UTC", "utc": "UTC", "z": "UTC",
    "cdmx": "America/Mexico_City", "hora de la ciudad de mexico": "America/Mexico_City",
    "hora de ciudad de mexico": "America/Mexico_City", "hora del centro": "America/Mexico_City",
    "tiempo del centro": "America/Mexico_City", "mexico city time": "America/Mexico_City",
    "hora de mexico": "America/Mexico_City",
    "cet": "Europe/Madrid", "cest": "Europe/Madrid", "hora de madrid": "Europe/Madrid",
    "bst": "Europe/London", "london time": "Europe/London",
    "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
    "ct": "America/Chicago", "cdt": "America/Chicago",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
}  # fmt: skip
_ZONE_WORDS = "|".join(sorted((re.escape(name).replace(r"\ ", r"\s+") for name in ZONE_NAMES), key=len, reverse=True))
OFFSET_PATTERN = re.compile(r"\b(?:GMT|UTC)\s*(?P<sign>[+-−])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?")
ZONE_PATTERN = re.compile(r"(?<![\w])(?P<zone>" + _ZONE_WORDS + r"|cst)(?![\w])", re.IGNORECASE)


def find_zone(text, language):
    """The time zone a line names, or None: an offset ("UTC-6"), an abbreviation or a city."""
    match = OFFSET_PATTERN.search(text)
    if match:
        minutes = int(match["hours"]) * 60 + int(match["minutes"] or 0)
        sign = -1 if match["sign"] in "-−" else 1
        return timezone(timedelta(minutes=sign * minutes))
    match = ZONE_PATTERN.search(without_accents(text))
    if not match:
        return None
    name = " ".join(match["zone"].lower().split())
    if name == "cst":
        # In Mexico "CST" is the central time of the country, not of Chicago.
        return ZoneInfo("America/Mexico_City" if language == "es" else "America/Chicago")
    return ZoneInfo(ZONE_NAMES[name])


def find_time(text):
    """(hour, minute) of the first time of day in `text`, or None."""
    for match in TIME_PATTERN.finditer(text):
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        ampm = (match["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour <= 23 and minute <= 59:
            return hour, minute
    return None


EMBARGO_PATTERN = re.compile(
    r"^\W*(?:"
    r"embargoed\s+(?:until|till|to|for)|embargo(?:ed)?\s*(?:until|till)?\s*:|under\s+embargo\s+until"
    r"|not\s+for\s+(?:publication|release|broadcast)[\w\s,]*?\s+(?:before|until)"
    r"|embargad[oa]\s+hasta|bajo\s+embargo(?:\s+hasta)?|embargo\s+hasta|embargo\s+de\s+informaci[oó]n\s+hasta"
    r"|no\s+publicar\s+antes\s+de(?:l)?"
    r")\W*",
    re.IGNORECASE,
)


class EmbargoNotUnderstood(ValueError):
    pass


def parse_embargo(line, *, language, default_zone):
    """The moment an embargo line names, as an aware datetime, or None when `line` is not one.

    Raises EmbargoNotUnderstood when the line is an embargo but its date cannot be read, so
    the caller can keep the line and say so instead of guessing.
    """
    match = EMBARGO_PATTERN.match(line)
    if not match or len(line) > 300:
        return None
    rest = line[match.end() :]
    day, span = find_date(rest)
    if day is None:
        raise EmbargoNotUnderstood(line)
    without_date = rest[: span[0]] + " " + rest[span[1] :]
    hour_minute = find_time(without_date) or (0, 0)
    zone = find_zone(without_date, language) or ZoneInfo(default_zone)
    return datetime.combine(day, time(*hour_minute), tzinfo=zone)


RELEASE_LINE_PATTERN = re.compile(
    r"^\W*(?:for\s+immediate\s+release|immediate\s+release|for\s+release\s+immediately"
    r"|para\s+(?:su\s+)?(?:difusi[oó]n|publicaci[oó]n)\s+inmediata|difusi[oó]n\s+inmediata"
    r"|comunicado\s+de\s+prensa|bolet[ií]n\s+de\s+prensa|press\s+release|news\s+release|media\s+release"
    r"|comunicado|bolet[ií]n)\W*$",
    re.IGNORECASE,
)

# A dateline opens the first paragraph: "Ciudad de México, 12 de mayo de 2024.–",
# "MEXICO CITY, 12 May 2024 –", "Xalapa, Veracruz, a martes 3 de junio de 2025.", or only a
# date ("12 May 2024 –") or only a place followed by ".–" ("CIUDAD DE MÉXICO.–").
_PLACE = r"(?P<place>[^\W\d_][\w .’'()-]{0,58}?(?:,\s*[^\W\d_][\w .’'()-]{0,38}?)?)"
_OPEN = r"^(?P<open>\s*(?:\*\*|__)?)\s*"
_CLOSE = r"(?P<close>(?:\*\*|__)?)"
_SEPARATOR = r"(?P<sep>\s*\.?\s*(?:\*\*|__)?\s*(?:[–—]|-{1,2})\s*(?:\*\*|__)?\s*|\.\s+|\.?\s*$)"
DATELINE_PATTERNS = [
    re.compile(
        _OPEN + _PLACE + r",\s*(?:a\s+|el\s+|on\s+)?(?P<date>" + DATE + r")" + _CLOSE + _SEPARATOR, re.IGNORECASE
    ),
    re.compile(_OPEN + r"(?P<date>" + DATE + r")" + _CLOSE + _SEPARATOR, re.IGNORECASE),
    re.compile(_OPEN + r"(?P<place>[^\W\d_][\w ’']{1,58}?)" + _CLOSE + r"(?P<sep>\s*\.\s*(?:[–—]|-{1,2})\s*)"),
]

_SMALL_WORDS = {"de", "del", "la", "las", "el", "los", "y", "e", "of", "the", "and", "on", "upon"}


def tidy_place(place):
    """“MEXICO CITY” -> “Mexico City”; places written in mixed case are kept as written."""
    place = " ".join(place.split()).strip(" ,.")
    if place.isupper() and (" " in place or len(place) > 5):
        words = place.lower().split(" ")
        place = " ".join(
            word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:] for index, word in enumerate(words)
        )
    return place


def match_dateline(line):
    """(place or None, date or None, end offset) for a dateline opening `line`, or None."""
    for pattern in DATELINE_PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        opened = bool(match["open"].strip())
        if opened and not match["close"] and "**" not in match["sep"] and "__" not in match["sep"]:
            continue  # "**Ciudad de México, ..." whose bold runs on into the paragraph: not ours to cut
        place = tidy_place(match["place"]) if "place" in match.groupdict() and match["place"] else None
        found = None
        if "date" in match.groupdict() and match["date"]:
            found, _span = find_date(match["date"])
            if found is None:
                continue
        return place, found, match.end()
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
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    zone = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    if language == "es":
        weekday = SPANISH_WEEKDAYS[moment.weekday()]
        return (
            f"EMBARGADO HASTA el {weekday} {moment.day} de {SPANISH_MONTHS[moment.month - 1]} de {moment.year}, "
            f"{clock} h ({zone})"
        )
    weekday = ENGLISH_WEEKDAYS[moment.weekday()]
    return f"EMBARGOED UNTIL {clock} {zone}, {weekday} {moment.day} {ENGLISH_MONTHS[moment.month - 1]} {moment.year}"
