"""import_releases PATH [PATH ...]: create or update releases from Markdown files.

The administrator's tool: it runs without a user, so nobody's permissions are checked (the
admin's upload checks them). It keeps the workflow's status rules all the same
(releases/services/importing.py), and every release it writes gets a revision and an audit event.
"""

import json
import logging
import sys
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy
from tqdm import tqdm

from newsroom.cli import require_migrated
from releases.importing.batch import group_by_release, import_batch, parse_source
from releases.importing.directory import mentioned_organisation_names
from releases.importing.files import UnreadableFile, collect_paths, name_language, read_file
from releases.importing.lookup import DirectoryIndex
from releases.importing.parser import ParseError
from releases.models import Release

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Import press releases from Markdown files or folders of them. Each file becomes a draft release "
        "(or updates the release it created before); x.es.md and x.en.md are one release in two languages. "
        "For administrators: no user's permissions are checked."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="Markdown files or folders (.md, .markdown, .txt)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and parse only; write nothing.")
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="json: print the parse of each file as a JSON array on standard output, and nothing else there.",
        )
        parser.add_argument(
            "--language",
            choices=settings.MODELTRANSLATION_LANGUAGES,
            help="The language of the files (default: detected).",
        )
        parser.add_argument(
            "--status",
            choices=Release.Status.values,
            help=(
                "Status of the imported releases. Without it, new ones take the status in their front matter "
                "(drafts when there is none) and existing ones keep theirs. A withdrawn release needs "
                "withdrawn_at and withdrawal_explanation in its front matter, and stays withdrawn."
            ),
        )

        parser.add_argument(
            "--unreachable-contacts-reason",
            default="",
            metavar="REASON",
            help=(
                "Publish releases whose press contacts journalists could not reach (no public phone or email, "
                "or no media contact at all) anyway, for this reason, kept in each one's audit trail. Without it "
                "they are refused, as in the admin."
            ),
        )

    def handle(self, *args, paths, dry_run, format, language, status, unreachable_contacts_reason, **options):
        require_migrated()  # one line, before a file is read, rather than each file failing alike
        self.as_json = format == "json"
        self.counts = Counter()
        self.parses = []
        entries = collect_paths(paths)
        for path, error in entries:
            if error:
                self.fail(path, error)
        groups = group_by_release(path for path, error in entries if not error)

        stream = getattr(self.stderr, "_out", sys.stderr)
        self.progress = tqdm(groups.items(), file=stream, disable=None, unit=_("release"), leave=False)
        # Read lazily, one release at a time, so a file's parse sees what the files before it added.
        self.index = DirectoryIndex()  # the directory by name, read once for the whole batch
        to_import = ((key, parsed) for key, group in self.progress if (parsed := self.read_group(group, language)))
        if dry_run:
            for _key, parsed_files in to_import:
                for parsed in parsed_files:
                    self.report_parse(parsed)
        else:
            batch = import_batch(
                to_import, status=status, index=self.index, unreachable_contacts_reason=unreachable_contacts_reason
            )
            for outcome in batch:
                self.report_import(outcome)
        self.progress.close()

        if self.as_json:
            self.stdout.write(json.dumps(self.parses, ensure_ascii=False, indent=2))
        self.summarise(dry_run)
        if self.counts["failed"]:
            raise CommandError(
                ngettext("%(count)d file failed.", "%(count)d files failed.", self.counts["failed"])
                % {"count": self.counts["failed"]}
            )

    def read_group(self, group, language):
        """The parses of the files of one release; each file that cannot be read is a failure."""
        parsed_files = []
        for path in group:
            try:
                parsed = parse_source(read_file(path), language=language)
                parsed.mentioned_organisations = mentioned_organisation_names(parsed, index=self.index)
            except (UnreadableFile, ParseError) as error:
                self.fail(path, error)
                continue
            except Exception as error:  # noqa: BLE001 - one odd file must not stop a batch
                logger.exception("Unexpected error reading %s", path)
                self.fail(path, _("Unexpected error (reported in the log): %(error)r") % {"error": error})
                continue
            same_language = [other for other in parsed_files if other.language == parsed.language]
            if same_language and len(group) > 1 and name_language(path.name) is None:
                self.fail(
                    path,
                    _("Another file has the same name (%(other)s): rename one of them, names identify releases.")
                    % {"other": same_language[0].source},
                )
                continue
            self.parses.append(parsed.as_json())
            for warning in parsed.all_warnings:
                self.warn(path, warning)
            parsed_files.append(parsed)
            self.counts["read"] += 1
        return parsed_files

    def report_import(self, outcome):
        names = ", ".join(outcome.names)
        if outcome.result is None:
            for name in outcome.names:
                self.fail(name, outcome.error)
            return
        result = outcome.result
        for warning in result.warnings:
            self.warn(names, warning)
        self.counts["imported" if result.created else "updated"] += 1
        if not self.as_json:
            message = _("%(files)s: created “%(title)s”") if result.created else _("%(files)s: updated “%(title)s”")
            self.out(message % {"files": names, "title": result.release.title_es})

    def report_parse(self, parsed):
        if self.as_json:
            return
        data = parsed.as_json()
        counts = [
            (len(data["summary"]), ngettext_lazy("%(count)d summary point", "%(count)d summary points", "count")),
            (
                len(data["media_contacts"]),
                ngettext_lazy("%(count)d media contact", "%(count)d media contacts", "count"),
            ),
            (len(data["links"]), ngettext_lazy("%(count)d link", "%(count)d links", "count")),
            (
                len(data["issuing_organisations"]),
                ngettext_lazy("%(count)d issuing organisation", "%(count)d issuing organisations", "count"),
            ),
        ]
        self.out(
            _("%(file)s: “%(title)s” (%(language)s) — %(counts)s%(translations)s")
            % {
                "file": parsed.source,
                "title": data["title"],
                "language": data["language"],
                "counts": counted(counts),
                "translations": "".join(f", + {language}" for language in data["translations"]),
            }
        )

    def out(self, message):
        tqdm.write(message, file=getattr(self.stdout, "_out", sys.stdout))

    def err(self, message):
        tqdm.write(message, file=getattr(self.stderr, "_out", sys.stderr))

    def fail(self, path, error):
        self.counts["failed"] += 1
        self.err(_("%(file)s: error: %(message)s") % {"file": path, "message": error})

    def warn(self, path, warning):
        self.counts["warnings"] += 1
        self.err(_("%(file)s: warning: %(message)s") % {"file": path, "message": warning})

    def summarise(self, dry_run):
        counts = self.counts
        failed = (counts["failed"], ngettext_lazy("%(count)d failed", "%(count)d failed", "count"))
        warnings = (counts["warnings"], ngettext_lazy("%(count)d warning", "%(count)d warnings", "count"))
        if dry_run:
            read = (counts["read"], ngettext_lazy("%(count)d read", "%(count)d read", "count"))
            message = _("Dry run, nothing written: %(counts)s.") % {"counts": counted([read, failed, warnings])}
        else:
            imported = (counts["imported"], ngettext_lazy("%(count)d imported", "%(count)d imported", "count"))
            updated = (counts["updated"], ngettext_lazy("%(count)d updated", "%(count)d updated", "count"))
            message = counted([imported, updated, failed, warnings]) + "."
        self.err(message)


def counted(counts):
    """ "1 link, 2 warnings": each (number, ngettext_lazy message) in the plural its number takes."""
    return ", ".join(message % {"count": number} for number, message in counts)
