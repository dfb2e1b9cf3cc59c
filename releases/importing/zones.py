"""Time zones as newsrooms write them (“00:01 CET”, “hora peninsular”, “(ET)”, “UTC-6”).

Names map to IANA zones, so a moment gets the offset in force on its own date, daylight
saving included: “10:00 hora peninsular” is +01:00 in March and +02:00 in April. Only what
denotes a fixed offset is one: GMT, UTC and written offsets (“UTC-06:00”, what the exporter
writes). An abbreviation that names standard or summer time (CET, CEST, EST, EDT, BST …) is
read as its zone; when it disagrees with the date (“EST” in July) the zone's real offset wins
and the reader is told.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from newsroom.text import without_accents
from releases.importing.vocabulary import ZONE_WORDS, fold
from releases.importing.vocabulary.places import PLACES

# Abbreviation -> (IANA zone, whether it names summer time: True, False, or None when it does not say).
ABBREVIATIONS = {
    "CET": ("Europe/Madrid", False), "CEST": ("Europe/Madrid", True),
    "WET": ("Atlantic/Canary", False), "WEST": ("Atlantic/Canary", True),
    "BST": ("Europe/London", True), "IST": ("Asia/Kolkata", None),
    "EAT": ("Africa/Nairobi", None), "CAT": ("Africa/Maputo", None), "WAT": ("Africa/Lagos", None),
    "SAST": ("Africa/Johannesburg", None),
    "ET": ("America/New_York", None), "EST": ("America/New_York", False), "EDT": ("America/New_York", True),
    "CT": ("America/Chicago", None), "CDT": ("America/Chicago", True),
    "MT": ("America/Denver", None), "MST": ("America/Denver", False), "MDT": ("America/Denver", True),
    "PT": ("America/Los_Angeles", None), "PST": ("America/Los_Angeles", False),
    "PDT": ("America/Los_Angeles", True),
    "CDMX": ("America/Mexico_City", None), "ART": ("America/Argentina/Buenos_Aires", None),
    "COT": ("America/Bogota", None), "PET": ("America/Lima", None), "CLT": ("America/Santiago", False),
    "CLST": ("America/Santiago", True), "UYT": ("America/Montevideo", None), "VET": ("America/Caracas", None),
    "BOT": ("America/La_Paz", None), "ECT": ("America/Guayaquil", None), "BRT": ("America/Sao_Paulo", None),
    "AEST": ("Australia/Sydney", False), "AEDT": ("Australia/Sydney", True),
    "ACST": ("Australia/Adelaide", False), "ACDT": ("Australia/Adelaide", True), "AWST": ("Australia/Perth", None),
    "NZST": ("Pacific/Auckland", False), "NZDT": ("Pacific/Auckland", True),
    "AST": ("America/Puerto_Rico", None), "ADT": ("America/Halifax", True), "HLV": ("America/Caracas", None),
    "PYT": ("America/Asuncion", None), "GYT": ("America/Guyana", None), "HST": ("Pacific/Honolulu", None),
    "AKST": ("America/Anchorage", False), "AKDT": ("America/Anchorage", True),
    "NST": ("America/St_Johns", False), "NDT": ("America/St_Johns", True),
    "ICT": ("Asia/Bangkok", None), "PHT": ("Asia/Manila", None), "PHST": ("Asia/Manila", None),
    "SGT": ("Asia/Singapore", None), "MYT": ("Asia/Kuala_Lumpur", None), "WIB": ("Asia/Jakarta", None),
    "HKT": ("Asia/Hong_Kong", None), "JST": ("Asia/Tokyo", None), "KST": ("Asia/Seoul", None),
    "PKT": ("Asia/Karachi", None), "NPT": ("Asia/Kathmandu", None), "GST": ("Asia/Dubai", None),
    "EET": ("Europe/Athens", False), "EEST": ("Europe/Athens", True), "MSK": ("Europe/Moscow", None),
}  # fmt: skip
# “CST” is Mexico's central time to a Spanish-speaking newsroom and Chicago's to an English one.
CST = {"es": "America/Mexico_City", "en": "America/Chicago"}
FIXED = {"GMT", "UTC", "Z"}

OFFSET = re.compile(r"\b(?:GMT|UTC)\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?")
NAMES = sorted([*ABBREVIATIONS, *FIXED, "CST"], key=len, reverse=True)
_ABBREVIATION = re.compile(r"(?<![\w])(?P<name>" + "|".join(NAMES) + r")(?![\w])")
_WORDS = re.compile(
    r"(?<![\w])(?P<name>"
    + "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(ZONE_WORDS, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)


# “hora de Ginebra”, “hora legal de Venezuela”, “hora de la Ciudad de México”: a place after “hora de”.
_HORA_DE = re.compile(
    r"(?<![\w])hora\s+(?:oficial\s+|local\s+|legal\s+)?(?:de|del|en)\s+(?:la\s+|el\s+)?"
    r"(?P<place>[^\W\d_]+(?:[\s.'’-]+[^\W\d_]+){0,4})",
    re.IGNORECASE,
)
# “Singapore time”, “Geneva local time”: a place before “time”.
_PLACE_TIME = re.compile(r"(?P<place>(?:[^\W\d_]+[\s.'’-]+){1,4}?)(?:local\s+)?time\b", re.IGNORECASE)


def place_zone(words, *, from_end=False):
    """(the place's zone, how many of `words` name it): the longest run of words at the start
    (or the end) of `words` that names a place, else (None, 0)."""
    for size in range(min(len(words), 5), 0, -1):
        run = words[-size:] if from_end else words[:size]
        found = PLACES.get(" ".join(run))
        if found:
            return found[1], size
    return None, 0


def _place_zone(plain):
    """(start, end, IANA zone name) of the first place named as a zone, or None."""
    for pattern, from_end in ((_HORA_DE, False), (_PLACE_TIME, True)):
        for match in pattern.finditer(plain):
            zone, size = place_zone(fold(match["place"]).split(), from_end=from_end)
            if zone:
                return match.start(), match.end(), zone
    return None


@dataclass(frozen=True)
class WrittenZone:
    written: str  # as the text has it: "CEST", "hora peninsular", "UTC-6"
    zone: tzinfo
    summer: bool | None = None  # what an abbreviation says: CEST True, CET False, ET None

    @property
    def name(self):
        return getattr(self.zone, "key", None) or self.written


def find_zone(text, language):
    """The first time zone a line names, as a WrittenZone, or None."""
    plain = without_accents(text)
    found = [m for m in (OFFSET.search(plain), _WORDS.search(plain), _ABBREVIATION.search(plain)) if m]
    place = _place_zone(plain)
    if place and (not found or place[0] < min(m.start() for m in found)):
        return WrittenZone(text[place[0] : place[1]].strip(), ZoneInfo(place[2]))
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    written = match.group().strip()
    shown = text[match.start() : match.end()].strip() if len(plain) == len(text) else written
    if match.re is OFFSET:
        minutes = int(match["hours"]) * 60 + int(match["minutes"] or 0)
        sign = -1 if match["sign"] in "-−" else 1
        return WrittenZone(shown, timezone(timedelta(minutes=sign * minutes)))
    if match.re is _WORDS:
        return WrittenZone(shown, ZoneInfo(ZONE_WORDS[" ".join(written.lower().split())]))
    if written in FIXED:
        return WrittenZone(written, UTC)
    if written == "CST":
        return WrittenZone(written, ZoneInfo(CST.get(language, CST["en"])), summer=False)
    name, summer = ABBREVIATIONS[written]
    return WrittenZone(written, ZoneInfo(name), summer)


def disagrees(written, moment):
    """Whether an abbreviation names summer time when the date is in standard time, or the reverse."""
    return written is not None and written.summer is not None and bool(moment.dst()) != written.summer


def format_offset(moment):
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def at(day, hour, minute, zone):
    """The aware moment of a wall-clock time in a zone (a time skipped by a clock change moves on)."""
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    return moment.astimezone(UTC).astimezone(zone)
