"""Release cards made when a release changes, so that a page whose cards no process has made
since the last change reads them instead of rendering them (releases/cards.py)."""

from django.db import models


class ReleaseCard(models.Model):
    """A release's card in one language, as `{% release_cards %}` and `{% search_cards %}` show it,
    with the places of what differs from page to page (the heading level, the snippet).

    Only a copy: a page uses it only where `made_from` is what the database says the card is made
    from now, in the query that reads it (CardSource in releases/cards.py), and makes the card
    otherwise, so a card made before any change, by any process, or by another version of the
    code, is never shown."""

    release = models.ForeignKey("Release", on_delete=models.CASCADE, related_name="cards")
    language = models.CharField(max_length=8)
    made_from = models.CharField(max_length=32)
    listed = models.TextField()  # the list's card, with HEADING_PLACE for its heading level
    searched = models.TextField()  # the results' card, with SNIPPET_PLACE for its snippet

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "language"], name="release_card_per_language")]

    def __str__(self):
        return f"{self.release_id} ({self.language})"
