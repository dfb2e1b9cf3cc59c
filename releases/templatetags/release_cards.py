"""`{% release_cards releases %}`: the cards of a list of releases, each kept as a fragment.

A card shows a release's own row, its issuing organisations and its topics; it is the same for
every anonymous visitor until the newsroom changes, so each is kept for the generation
(newsroom/fragments.py) and made again only after a change. The related rows are read here, in
two queries for every card not kept yet (`listing_related()`): a list whose cards are all kept
costs the query that chose its releases, and nothing more (views leave those rows to this tag;
rows a view prefetched already, with_listing_related(), are not read again). Where the request
may use the store, the stored cards are read first, in one query that tells which are current
(releases/cards.py, read()), and rows are read only for the cards that must be rendered.

`{% search_cards found terms %}`: a results page's cards, each with its snippet of the words
searched for. The card around the snippet is kept the same way (in two halves), and on SQLite
the text a snippet is cut from too (SnippetText): a page whose releases were shown before (for
any words) reads no rows and renders no Markdown; it makes its snippets, which depend on the
words, at every request.
"""

from django import template
from django.utils.safestring import mark_safe

from newsroom import fragments
from newsroom.snippets import marked_snippet
from releases import cards as stored_cards
from releases.models import Release
from releases.models.queries import listing_related
from releases.search import SnippetText

register = template.Library()


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
        shown = _shown(releases, missing, kept=fragments.used_by(request))
        for index, (pk, key) in enumerate(zip(ids, keys, strict=True)):
            # A release gone from the public record since its id was read has no card.
            if cards[index] is None and pk in shown:
                stored = shown[pk].card
                if stored is not None:
                    card = stored_cards.listed(stored, heading_level)
                else:
                    card = stored_cards.render(*shown[pk].rows, context, heading_level=heading_level)
                cards[index] = fragments.put(key, card)
    return mark_safe("".join(card or "" for card in cards))  # each card is the output of an autoescaping template


def _shown_with(rows):
    """listing_related() of these releases: read, or taken from the rows a view prefetched."""
    rows = list(rows)
    if rows and hasattr(rows[0], "_prefetched_objects_cache"):  # with_listing_related()
        return {
            row.pk: ([each.organisation for each in row.issuing_organisation_rows.all()], list(row.topics.all()))
            for row in rows
        }
    return listing_related(rows)


def _shown(releases, ids, kept):
    """{id: what its card shows} of these ids: the rows given, with what they show; or, for the
    ids of published releases, their current stored cards where the request uses the store
    (`kept`: one query, and three more for the rows of the others), else their rows (three)."""
    if releases and isinstance(releases[0], Release):
        wanted = set(ids)
        rows = {release.pk: release for release in releases if release.pk in wanted}
        return {
            pk: stored_cards.Shown(stored_cards.current_card(rows[pk]), (rows[pk], *shown))
            for pk, shown in _shown_with(rows.values()).items()
        }
    if kept:
        return stored_cards.read(ids, "listed")
    rows = Release.objects.published().in_bulk(ids)
    return {pk: stored_cards.Shown(rows=(rows[pk], *shown)) for pk, shown in listing_related(rows.values()).items()}


@register.simple_tag(takes_context=True)
def search_cards(context, found, terms):
    """`found`: (id, the database's headline or None, …) of each release on a results page
    (releases.search.found_ids()), or the releases themselves with their snippets when the
    request may not use the store; `terms`: the folded words searched for."""
    request = context.get("request")
    if found and isinstance(found[0], Release):  # nothing is kept for this request: rows, with snippets
        shown = _shown_with(found)
        cards = [stored_cards.render(row, *shown[row.pk], context, snippet=row.snippet) for row in found]
        return mark_safe("".join(cards))  # noqa: S308 - the output of an autoescaping template
    ids = [row[0] for row in found]
    card_keys = fragments.keys_for(request, "search-card", each=ids)
    text_keys = fragments.keys_for(request, "snippet-text", each=ids)
    halves = [fragments.get(key) for key in card_keys]
    texts = [None if row[1] is not None else fragments.get(key) for row, key in zip(found, text_keys, strict=True)]
    cards_needed = [pk for pk, half in zip(ids, halves, strict=True) if half is None]
    texts_needed = [row[0] for row, text in zip(found, texts, strict=True) if text is None and row[1] is None]
    shown = stored_cards.read(cards_needed, "searched", rows_of=texts_needed) if cards_needed or texts_needed else {}
    cards = []
    for index, (pk, headline, *_rest) in enumerate(found):
        if pk in shown and halves[index] is None:
            halves[index] = fragments.put(card_keys[index], _search_card(context, shown[pk]))
        if headline is None and texts[index] is None and pk in shown:
            texts[index] = fragments.put(text_keys[index], SnippetText(shown[pk].rows[0]))
        if halves[index] is None or (headline is None and texts[index] is None):
            continue  # gone from the public record since its id was read
        snippet = marked_snippet(headline) if headline is not None else texts[index].snippet(terms)
        # A release without text has no snippet: its card shows its summary, as a list's does.
        cards.append(snippet.join(halves[index]) if snippet else release_cards(context, [pk]))
    return mark_safe("".join(cards))  # kept halves of autoescaped cards around escaped snippets


def _search_card(context, shown):
    """The two halves of a results card around its snippet: stored, or rendered now."""
    halves = stored_cards.searched(shown.card) if shown.card is not None else None
    if halves is None:
        card = stored_cards.render(*shown.rows, context, snippet=stored_cards.SNIPPET_PLACE)
        halves = tuple(card.split(stored_cards.SNIPPET_PLACE))
    return halves
