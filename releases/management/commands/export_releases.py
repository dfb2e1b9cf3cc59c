"""export_releases DIR: write every release as Markdown, one file per release and language."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from releases.exporting import export_releases


class Command(BaseCommand):
    help = (
        "Write every release, drafts included, as Markdown files the import_releases command reads: "
        "<slug>.es.md (with a front matter holding status, times, topics, files, organisations and people), "
        "<slug>.en.md for releases with an English version, and the images and attachments in <slug>.files/."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Folder to write to (created if missing).")

    def handle(self, *args, directory, **options):
        result = export_releases(directory)
        for warning in result.warnings:
            self.stderr.write(_("warning: %(message)s") % {"message": warning})
        self.stdout.write(
            _("%(count)d files written to %(directory)s, with %(copied)d images and attachments.")
            % {"count": len(result.markdown), "directory": directory, "copied": len(result.copied)}
        )
