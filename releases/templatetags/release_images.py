"""`{% release_image release "card" %}`: a release's featured image at the right size for its place.

The one place that says which image file a card, the home page's lead story or the release's own
page shows, at which sizes. It renders `<img src srcset sizes width height alt loading>` from the
image's renditions (newsroom/renditions.py): the browser picks the smallest that fills the place
at the screen's density, so a phone never loads the original. Everything comes from the release's
row (the image's name, width and height): no query and no I/O per image, so a list keeps its query
budget. On an embargo preview link's page the URLs carry the page's proof of access (`media_url`).
"""

from dataclasses import dataclass

from django import template

from newsroom import renditions as image_renditions
from newsroom.templatetags import media_url

register = template.Library()


@dataclass(frozen=True)
class Slot:
    """Where an image appears: how wide it is drawn at each screen width (`sizes`), the rendition
    `src` falls back to, and for cards and the lead story the box's shape in CSS pixels (CSS crops
    the image to that aspect ratio); the release page shows the image in its own shape."""

    sizes: str
    preferred_width: int
    width: int | None = None
    height: int | None = None
    lazy: bool = True
    # A card's image repeats its headline: decorative (empty alt) unless the caller says otherwise.
    decorative: bool = False


SLOTS = {
    # static/css/site.css: .release-card__image (7rem on phones, 12rem from 40rem up).
    "card": Slot(sizes="(min-width: 40rem) 12rem, 7rem", preferred_width=640, width=192, height=108, decorative=True),
    # .lead-story__image: the main column's width, at most about 46rem.
    "lead": Slot(
        sizes="(min-width: 74rem) 46rem, (min-width: 62rem) 60vw, 100vw",
        preferred_width=1024,
        width=736,
        height=414,
        lazy=False,
    ),
    "page": Slot(sizes="(min-width: 60em) 44rem, 100vw", preferred_width=1024, lazy=False),
}


def renditions(release):
    """[(width in pixels, URL)] of the image's renditions, smallest first; none while the image's
    own width is not known (an image stored before its size was recorded: the original is shown)."""
    if not release.featured_image_width:
        return []
    return image_renditions.srcset(release.featured_image, release.featured_image_width)


@register.inclusion_tag("includes/release_image.html", takes_context=True)
def release_image(context, release, slot_name="page", decorative=None):
    """The `<img>` of a release's featured image in a slot of SLOTS, or nothing without one."""
    if not release.featured_image:
        return {"image": None}
    slot = SLOTS[slot_name]
    available = renditions(release)
    width, height = slot.width, slot.height
    if available:
        src_width, src = next(
            ((size, url) for size, url in reversed(available) if size <= slot.preferred_width), available[0]
        )
        if width is None:
            width = src_width
            height = image_renditions.height_for(release.featured_image_width, release.featured_image_height, src_width)
    else:
        src = release.featured_image
    return {
        "image": release.featured_image,
        "release": release,
        "slot": slot,
        "slot_name": slot_name,
        "src": media_url(context, src),
        "srcset": ", ".join(f"{media_url(context, url)} {size}w" for size, url in available),
        "width": width,
        "height": height,
        "decorative": slot.decorative if decorative is None else decorative,
    }
