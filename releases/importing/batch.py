"""Reading several files as releases: what the import command and the admin upload share.

No database access: turning the parses into releases is `service.release_import`.
"""

from django.conf import settings

from releases.importing.files import import_key
from releases.importing.parser import combine, parse_release


def parse_source(source, *, language=None):
    """The ParsedRelease of a SourceText (ParseError if it cannot be read as a release).

    The language is `language`, else the one in the file name (x.en.md), else detected.
    """
    parsed = parse_release(
        source.text,
        source=source.name,
        language=language or source.language,
        default_zone=settings.TIME_ZONE,
        phone_region=settings.NEWSROOM_PHONE_REGION,
    )
    parsed.warnings[:0] = source.warnings
    parsed.folder = source.folder
    return parsed


def group_by_release(names):
    """{import key: [names]}: files named x.es.md and x.en.md are one release."""
    groups = {}
    for name in names:
        groups.setdefault(import_key(str(name)), []).append(name)
    return groups


def combine_versions(parsed_files):
    """One ParsedRelease from the files of one release, Spanish first (ParseError if two
    files are in the same language)."""
    ordered = sorted(parsed_files, key=lambda parsed: parsed.language != "es")
    release = ordered[0]
    for other in ordered[1:]:
        release = combine(release, other)
    return release
