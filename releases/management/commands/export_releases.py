"""export_releases DIR: write every release as Markdown, one file per release and language."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from releases.exporting import export_releases


class Command(BaseCommand):
    help = (
        "Write every release, drafts included, as Markdown files the import_releases command reads: "
        "<slug>.es.md, and <slug>.en.md for releases with an English version."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Folder to write to (created if missing).")

    def handle(self, *args, directory, **options):
        written = export_releases(directory)
        self.stdout.write(
            _("%(count)d files written to %(directory)s.") % {"count": len(written), "directory": directory}
        )
