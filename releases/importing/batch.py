"""Several files as releases: what the import command and the admin upload share.

Reading (`parse_source`, `group_by_release`, `combine_versions`) touches no database; the one
batch loop both use, `import_batch`, writes each release through `service.import_release`.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from releases.importing.files import import_key
from releases.importing.lookup import DirectoryIndex
from releases.importing.parser import ParseError, combine, parse_release
from releases.importing.records import ImportFailed
from releases.importing.service import import_release

logger = logging.getLogger(__name__)


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


@dataclass
class Outcome:
    """How importing one release of a batch went: its result, or why it failed."""

    names: list  # the files it was read from
    result: object = None  # service.ImportResult
    error: str = ""


def import_batch(
    releases, *, user=None, status=None, status_from_file=True, index=None, unreachable_contacts_reason=""
):
    """Import each release of `releases` ((import key, [ParsedRelease of its files]) pairs, read
    as they are needed), each in its own transaction, yielding an Outcome for each: a release
    that fails leaves nothing written and does not stop the others.

    `index`: the directory by name (releases.importing.lookup), shared with whoever reads the
    files for the batch; one is made when none is given. `unreachable_contacts_reason`: publish
    releases whose press contacts journalists could not reach anyway (services.check_press_contacts)."""
    index = index or DirectoryIndex()
    options = {"status": status, "user": user, "status_from_file": status_from_file, "index": index}
    options["unreachable_contacts_reason"] = unreachable_contacts_reason
    for key, parsed_files in releases:
        names = [parsed.source for parsed in parsed_files]
        try:
            parsed = combine_versions(parsed_files)
            result = import_release(parsed=parsed, import_key=key, **options)
        except (ImportFailed, ParseError) as error:
            index.forget()  # what the import added to the directory was rolled back
            yield Outcome(names, error=str(error))
        except Exception as error:  # noqa: BLE001 - the transaction is rolled back; go on with the batch
            index.forget()
            logger.exception("Unexpected error importing %s", ", ".join(names))
            yield Outcome(names, error=_("Unexpected error (reported in the log): %(error)r") % {"error": error})
        else:
            yield Outcome(names, result=result)
