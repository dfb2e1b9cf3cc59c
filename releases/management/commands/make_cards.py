"""make_cards: make the stored cards of releases where they are missing or not current (releases/cards.py)."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from releases import cards


class Command(BaseCommand):
    help = (
        "Make the stored cards (what lists and search results show of a release) of every published or "
        "scheduled release whose cards are missing or were made from other rows or another version of the "
        "code. The newsroom makes a release's cards when it changes; run this after bulk inserts or SQL, "
        "which it does not see, after renaming organisations or topics, or after an upgrade. make serve runs "
        "it beside the server. Until a card is made, pages render it as they go: nothing stale is shown."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        made = cards.make()
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("%(count)d release cards made in %(seconds).1f s.")
                % {"count": made, "seconds": time.monotonic() - started}
            )
