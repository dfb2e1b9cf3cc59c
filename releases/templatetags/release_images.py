"""`{% release_image release "card" %}`: a release's featured image at the right size for its place.

Renders `<img src srcset sizes width height alt loading>` from the image's renditions
(newsroom/renditions.py): the browser picks the smallest that fills the place at the screen's
density, so a phone never loads the original. Everything comes from the release's row (the
image's name, width and height): no query and no I/O per image, so a list of releases keeps its
query budget. Each role says how wide the image is shown and whether it is loaded at once:
"card" (a release in a list), "lead" (the home page's lead story) and "page" (the release's own
page). On an embargo preview link's page the URLs carry the page's proof of access.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom import renditions
from newsroom.templatetags import lang_attr, media_url

register = template.Library()

# role -> (sizes: how wide the image is shown, the width for `src`, loaded at once)
ROLES = {
    "card": ("(min-width: 48em) 16rem, 100vw", 640, False),
    "lead": ("(min-width: 60em) 40rem, 100vw", 1024, True),
    "page": ("(min-width: 60em) 44rem, 100vw", 1024, True),
}


@register.simple_tag(takes_context=True)
def release_image(context, release, role="page", css_class=""):
    if not release.featured_image:
        return ""
    sizes, preferred, eager = ROLES[role]
    image = release.featured_image
    width, height = release.featured_image_width, release.featured_image_height
    available = renditions.srcset(image, width)
    common = {
        "alt": release.featured_image_alt,
        "lang": lang_attr(release, "featured_image_alt"),
        "class": format_html(' class="{}"', css_class) if css_class else "",
        "loading": mark_safe(' fetchpriority="high"' if eager else ' loading="lazy"'),  # noqa: S308 - constants
    }
    if not available:  # a width not measured yet: the original, as it is
        return format_html(
            '<img src="{}" alt="{}"{}{}{} decoding="async">',
            media_url(context, image),
            *common.values(),
        )
    src_width, src_url = next(((size, url) for size, url in reversed(available) if size <= preferred), available[0])
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}{} decoding="async">',
        media_url(context, src_url),
        ", ".join(f"{media_url(context, url)} {size}w" for size, url in available),
        sizes,
        src_width,
        renditions.height_for(width, height, src_width),
        *common.values(),
    )
