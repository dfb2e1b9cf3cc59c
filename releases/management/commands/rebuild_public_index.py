"""rebuild_public_index: build the public index again from the releases (releases/indexing.py)."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from newsroom import freshness
from releases import indexing
from releases.models import ListingCount, RecordEntry


class Command(BaseCommand):
    help = (
        "Build the public index (what each release puts on the public record, the archive months, the "
        "organisations' and topics' counts, and when each name in the directory is listed) again from the "
        "releases. The newsroom keeps it up to date by itself; run this after writing releases with bulk inserts "
        "or SQL, which it does not see, or after changing TIME_ZONE (archive months are in it)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        indexing.rebuild()
        # Bulk writes send no signals: the public pages' kept listings (releases/kept.py) must go.
        freshness.changed()
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            _("Public index rebuilt in %(seconds).1f s: %(entries)d entries, %(counts)d counts.")
            % {
                "seconds": time.monotonic() - started,
                "entries": RecordEntry.objects.count(),
                "counts": ListingCount.objects.count(),
            }
        )
