"""export_releases DIR: write every release as Markdown, one file per release and language."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsroom.cli import require_migrated
from releases.exporting import export_releases


class Command(BaseCommand):
    help = (
        "Write every release, drafts included, as Markdown files the import_releases command reads: "
        "<slug>.es.md (with a front matter holding status, times, topics, files, organisations and people), "
        "<slug>.en.md for releases with an English version, and the images and attachments in <slug>.files/."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Folder to write to (created if missing).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write into a folder that is not empty, replacing the files of the same names.",
        )

    def handle(self, *args, directory, force, **options):
        require_migrated()
        check_directory(Path(directory), force=force)
        try:
            result = export_releases(directory)
        except OSError as error:  # unwritable, full disk, a file where a folder must go…
            raise CommandError(
                _("Cannot write to %(path)s: %(reason)s.")
                % {"path": error.filename or directory, "reason": error.strerror or error}
            ) from error
        for warning in result.warnings:
            self.stderr.write(_("warning: %(message)s") % {"message": warning})
        written = ngettext(
            "%(count)d file written to %(directory)s",
            "%(count)d files written to %(directory)s",
            len(result.markdown),
        ) % {"count": len(result.markdown), "directory": directory}
        copied = ngettext(
            "with %(count)d image or attachment.", "with %(count)d images and attachments.", len(result.copied)
        ) % {"count": len(result.copied)}
        self.stdout.write(f"{written}, {copied}")


def check_directory(directory, *, force):
    """CommandError, in one line, unless `directory` is new, an empty folder, or --force was given."""
    if directory.exists() and not directory.is_dir():
        raise CommandError(_("%(path)s is a file, not a folder: name a new or empty folder.") % {"path": directory})
    if directory.is_dir() and not force:
        try:
            empty = next(directory.iterdir(), None) is None
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s.") % {"path": directory, "reason": error.strerror}
            ) from error
        if not empty:
            raise CommandError(
                _("%(path)s is not empty: name a new or empty folder, or add --force to replace the files in it.")
                % {"path": directory}
            )
