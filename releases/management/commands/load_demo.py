"""Load the demo newsroom: an invented coalition, its members, people and releases.

The releases are an export folder, releases/demo/ (`<slug>.es.md`, `<slug>.en.md` and the
images in `<slug>.files/`, as export_releases writes them), read by the same import as any
release (releases.importing.batch.import_batch), so the demo is also what an import gives.
A release the newsroom already has (by its file name or slug) is left alone: running the
command again changes nothing, and editing a demo release by hand survives a second run. The
one thing an export does not carry, which organisations belong to a coalition, is in
releases/demo/coalitions.yaml.
"""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from contacts.models import Contact, Membership, Organisation
from releases.importing.batch import group_by_release, import_batch, parse_source
from releases.importing.files import collect_paths, read_file
from releases.importing.service import find_imported_release
from releases.models import Release

DEMO_FOLDER = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Load the demo newsroom (invented organisations, people and releases). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the newsroom already has releases."
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Release.objects.exists():
            self.stdout.write(gettext("The newsroom already has releases; the demo was not loaded again."))
            return
        groups = group_by_release(path for path, _error in collect_paths([DEMO_FOLDER]))
        missing = {key: paths for key, paths in groups.items() if find_imported_release(key) is None}
        with transaction.atomic():
            outcomes = list(import_batch((key, self.read(paths)) for key, paths in missing.items()))
            failed = [f"{', '.join(outcome.names)}: {outcome.error}" for outcome in outcomes if outcome.error]
            if failed:
                raise CommandError(gettext("The demo could not be loaded:") + "\n" + "\n".join(failed))
            self.join_coalitions()
        for outcome in outcomes:
            for warning in outcome.result.warnings:
                self.stderr.write(f"{', '.join(outcome.names)}: {warning}")
        organisations, contacts = Organisation.objects.count(), Contact.objects.count()
        counts = ", ".join(
            [
                ngettext("%(count)d organisation", "%(count)d organisations", organisations) % {"count": organisations},
                ngettext("%(count)d contact", "%(count)d contacts", contacts) % {"count": contacts},
                ngettext("%(count)d release", "%(count)d releases", len(groups)) % {"count": len(groups)},
            ]
        )
        new = ngettext("%(count)d new", "%(count)d new", len(outcomes)) % {"count": len(outcomes)}
        self.stdout.write(
            self.style.SUCCESS(gettext("Demo newsroom ready: %(counts)s (%(new)s).") % {"counts": counts, "new": new})
        )

    @staticmethod
    def read(paths):
        sources = [read_file(path) for path in paths]
        for source in sources:  # the audit trail names "demo/x.es.md", not where the code lies
            source.name = str(Path(source.name).relative_to(DEMO_FOLDER.parent))
        return [parse_source(source) for source in sources]

    @staticmethod
    def join_coalitions():
        coalitions = yaml.safe_load((DEMO_FOLDER / "coalitions.yaml").read_text(encoding="utf-8"))
        for coalition, members in coalitions.items():
            for member in members:
                Membership.objects.get_or_create(
                    coalition=Organisation.objects.get(slug=coalition), member=Organisation.objects.get(slug=member)
                )
