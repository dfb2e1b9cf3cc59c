"""Markdown to safe HTML for release bodies, context sections and descriptions.

markdown-it-py renders CommonMark (plus tables and strikethrough) with raw HTML disabled, and
nh3 then cleans the result against an allow-list, so even a renderer bug cannot let a script,
an event handler or a `javascript:`/`data:` URL through. The stored Markdown is never changed;
the HTML is cached by a hash of the source, so an edit is picked up at once and app servers
sharing a cache share the work.
"""

import hashlib
import html

import nh3
from django.core.cache import cache
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

# Bump when the renderer's output changes, so cached HTML from the old one is not served.
RENDERER_VERSION = 2
CACHE_TIMEOUT = 60 * 60 * 24 * 30

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_CLEANER_OPTIONS = {
    "tags": ALLOWED_TAGS,
    "attributes": ALLOWED_ATTRIBUTES,
    "url_schemes": ALLOWED_URL_SCHEMES,
    "link_rel": "noopener",
    # Content of these is dropped entirely rather than shown as text.
    "clean_content_tags": {"script", "style"},
    "strip_comments": True,
}
_cleaner = nh3.Cleaner(**_CLEANER_OPTIONS)
# Keeps only the text: for search snippets and descriptions in meta tags.
_text_only = nh3.Cleaner(tags=set(), attributes={}, clean_content_tags={"script", "style"})


def sanitise_html(html):
    return _cleaner.clean(html)


def _scrollable_tables(html):
    """Wrap each table in a box that scrolls sideways on a phone and can take keyboard focus,
    so the part of a wide table off screen can be reached without a mouse. Added after
    cleaning: the cleaner allows neither the box nor tabindex in what editors write."""
    return html.replace("<table>", '<div class="table-scroll" tabindex="0"><table>').replace(
        "</table>", "</table></div>"
    )


def render_markdown(source, *, cached=True):
    """Return sanitised HTML for a Markdown source, marked safe for templates.

    `cached=False` for text that will not be shown again, like each state of a body being typed
    in the admin's live preview, which would only fill the cache."""
    if not source or not source.strip():
        return mark_safe("")
    if not cached:
        return mark_safe(_scrollable_tables(sanitise_html(_markdown.render(source))))  # noqa: S308 - cleaned
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    key = f"markdown:{RENDERER_VERSION}:{digest}"
    html = cache.get(key)
    if html is None:
        html = _scrollable_tables(sanitise_html(_markdown.render(source)))
        cache.set(key, html, CACHE_TIMEOUT)
    return mark_safe(html)  # noqa: S308 - the HTML has just been through the allow-list cleaner


def markdown_to_text(source):
    """The plain text of a Markdown source (no markup, entities decoded), for snippets and meta tags."""
    if not source:
        return ""
    return html.unescape(_text_only.clean(_markdown.render(source)))


def absolutise_urls(html, base_url):
    """The same sanitised HTML with every relative link resolved against `base_url`.

    For HTML read away from the site (feeds), where “/es/…” or “#notes” would point nowhere.
    The HTML goes through the same allow-list again, so the result is as safe as the input.
    """
    if not html:
        return mark_safe("")
    cleaner = nh3.Cleaner(**_CLEANER_OPTIONS, url_relative=("rewrite_with_base", base_url))
    return mark_safe(cleaner.clean(str(html)))
