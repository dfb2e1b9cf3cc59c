"""`{% release_image release "card" %}`: a release's featured image in a list, the one place
that says which image file a card or the home page's lead story shows, at which sizes.

Today it gives the original file: the layout already reserves each slot's shape (`width` and
`height` set its aspect ratio, CSS crops the image to it). Generated renditions go in
`renditions()`, which the template turns into `srcset`, with `sizes` saying how wide each slot is.
"""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class Slot:
    """Where an image appears: its box in CSS pixels at its widest (the aspect ratio every
    rendition is cut to) and how wide it is drawn at each screen width (`sizes`)."""

    width: int
    height: int
    sizes: str
    lazy: bool = True


SLOTS = {
    # static/css/site.css: .release-card__image (7rem on phones, 12rem from 40rem up).
    "card": Slot(width=192, height=108, sizes="(min-width: 40rem) 12rem, 7rem"),
    # .lead-story__image: the main column's width, at most about 46rem.
    "lead": Slot(width=736, height=414, sizes="(min-width: 74rem) 46rem, (min-width: 62rem) 60vw, 100vw", lazy=False),
}


def renditions(release, slot):
    """[(URL, width in pixels)] of the image made for `slot`, smallest first; none yet."""
    return []


@register.inclusion_tag("includes/release_image.html")
def release_image(release, slot_name, decorative=True):
    """The `<img>` of a release's featured image in a slot of SLOTS, or nothing without one.

    A card's image repeats its headline, so it is decorative (empty alt) unless asked otherwise.
    """
    if not release.featured_image:
        return {"image": None}
    slot = SLOTS[slot_name]
    candidates = renditions(release, slot)
    return {
        "image": release.featured_image,
        "release": release,
        "slot": slot,
        "slot_name": slot_name,
        "srcset": ", ".join(f"{url} {width}w" for url, width in candidates),
        "decorative": decorative,
    }
