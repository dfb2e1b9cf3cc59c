"""`{% release_cards releases %}`: the cards of a list of releases, each kept as a fragment.

A card shows a release's own row and the rows `listing_rows()` names (issuing organisations,
topics); it is the same for every anonymous visitor until the newsroom changes, so each is kept
for the generation (newsroom/fragments.py) and made again only after a change. The related rows
are fetched here, once for every card not kept yet: a list whose cards are all kept costs the
query that chose its releases, and nothing more (views leave the prefetching to this tag; a
list that was prefetched already is not fetched again).
"""

from django import template
from django.db.models import prefetch_related_objects
from django.utils.safestring import mark_safe

from newsroom import fragments
from releases.models import Release
from releases.models.queries import listing_rows

register = template.Library()

CARD_TEMPLATE = "includes/release_card.html"


@register.simple_tag(takes_context=True)
def release_cards(context, releases, heading_level=2):
    """`releases`: Release rows, or the ids of published releases (list pages read ids alone)."""
    request = context.get("request")
    releases = list(releases)
    ids = [getattr(release, "pk", release) for release in releases]
    keys = [fragments.key_for(request, "card", pk, heading_level) for pk in ids]
    cards = [fragments.get(key) for key in keys]
    missing = [pk for pk, card in zip(ids, cards, strict=True) if card is None]
    if missing:
        rows = _rows(releases, missing)
        prefetch_related_objects(list(rows.values()), *listing_rows())
        card_template = context.template.engine.get_template(CARD_TEMPLATE)
        for index, (pk, key) in enumerate(zip(ids, keys, strict=True)):
            # A release gone from the public record since its id was read has no card.
            if cards[index] is None and pk in rows:
                card = card_template.render(context.new({"release": rows[pk], "heading_level": heading_level}))
                cards[index] = fragments.put(key, card)
    return mark_safe("".join(card or "" for card in cards))  # each card is the output of an autoescaping template


def _rows(releases, ids):
    """{id: Release} of these ids: the rows given, or those of published releases, read in one query."""
    if releases and isinstance(releases[0], Release):
        wanted = set(ids)
        return {release.pk: release for release in releases if release.pk in wanted}
    return Release.objects.published().in_bulk(ids)
