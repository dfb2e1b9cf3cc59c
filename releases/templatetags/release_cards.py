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
from releases.models.queries import listing_rows

register = template.Library()

CARD_TEMPLATE = "includes/release_card.html"


@register.simple_tag(takes_context=True)
def release_cards(context, releases, heading_level=2):
    request = context.get("request")
    releases = list(releases)
    keys = [fragments.key_for(request, "card", release.pk, heading_level) for release in releases]
    cards = [fragments.get(key) for key in keys]
    missing = [release for release, card in zip(releases, cards, strict=True) if card is None]
    if missing:
        prefetch_related_objects(missing, *listing_rows())
        card_template = context.template.engine.get_template(CARD_TEMPLATE)
        for index, (release, key) in enumerate(zip(releases, keys, strict=True)):
            if cards[index] is None:
                card = card_template.render(context.new({"release": release, "heading_level": heading_level}))
                cards[index] = fragments.put(key, card)
    return mark_safe("".join(cards))  # each card is the output of an autoescaping template
