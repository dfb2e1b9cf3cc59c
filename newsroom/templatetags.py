"""Template filters available in every template (registered as a builtin in settings)."""

import functools
import json
from urllib.parse import urlencode, urlsplit

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from newsroom import fragments
from newsroom.markdown import markdown_to_text, render_markdown
from newsroom.media import ACCESS_PARAMETER
from newsroom.text import zone_label

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source):
    return render_markdown(source)


@register.filter
def markdown_text(source):
    """The plain text of Markdown (for meta descriptions); escaped like any other text."""
    return " ".join(markdown_to_text(source).split())


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """This page's URL in another language (the language switcher).

    A page about one object gives `alternate_urls` (newsroom.slugs.urls_in_every_language), as
    its slug differs from language to language; its query string is kept."""
    request = context.get("request")
    alternates = context.get("alternate_urls")
    if alternates and language in alternates:
        query = request.META.get("QUERY_STRING", "") if request else ""
        return f"{alternates[language]}?{query}" if query else alternates[language]
    # translate_url() keeps the query string as it is: the path alone is worked out, so that a
    # search, a filter or a page number does not make a new entry.
    path, mark, query = (request.get_full_path() if request else "/").partition("?")
    translated = _translated(
        path, language, get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    )
    return f"{translated}{mark}{query}"


@functools.lru_cache(maxsize=4096)
def _translated(path, language, active_language, urlconf, script_prefix):
    """translate_url() answers from the URL patterns alone (matched in the active language, under
    the script prefix): the same path gives the same answer every time, so a process works each out once."""
    return translate_url(path, language)


@register.simple_tag
def lang_attr(obj, field):
    """` lang="es"` where a translated field falls back to Spanish on a page in another language.

    modeltranslation shows the Spanish text when the translation is empty; screen readers and
    hyphenation need to know that this text is not in the page's language.
    """
    language = get_language()
    fallback = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == fallback or getattr(obj, f"{field}_{language}", None) or not getattr(obj, field, None):
        return ""
    return format_html(' lang="{}"', fallback)


@register.simple_tag
def moment(value, style="short"):
    """`<time>` for a publication time in the newsroom's time zone, with that zone named:
    “28 de enero de 2025, 12:00 CST”; `"long"` adds the UTC offset (“CST, UTC−06:00”)."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    text = f"{date_format(local, 'DATE_FORMAT')}, {time_format(local, 'TIME_FORMAT')}"
    zone = zone_label(local, with_offset=style == "long")
    return format_html(
        '<time datetime="{}">{} {}</time>', local.isoformat(), text, f"({zone})" if style == "long" else zone
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as an absolute URL on this site (canonical links, hreflang, OpenGraph)."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@register.simple_tag(takes_context=True)
def media_url(context, file):
    """The URL of an uploaded file (a FieldFile, or a URL of one), with the proof of access that
    the page was given for files that are not public (`media_access`: an embargo preview link's
    page sets it; newsroom/media.py)."""
    url = file.url if hasattr(file, "url") else str(file)
    access = context.get("media_access")
    return f"{url}?{urlencode({ACCESS_PARAMETER: access})}" if access else url


# What `{{ value|link_href }}` lets through: the schemes Markdown links may use.
LINK_SCHEMES = {"http", "https", "mailto", "tel"}


@register.filter
def link_href(url):
    """A stored URL fit for an href, or "" (defence in depth: the models validate URLs already)."""
    url = (url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in LINK_SCHEMES else ""


# Characters that could end the <script> element or start markup, written as JSON escapes.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> element for structured data.

    Django's json_script always writes type="application/json", which search engines ignore;
    this escapes the same way, so a headline containing "</script>" stays inside the string.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.tag
def fragment(parser, token):
    """`{% fragment "name" value ... %}…{% endfragment %}`: what is inside, kept for the current
    generation under its name and the values given (newsroom/fragments.py), which must name
    everything it shows besides the page's language and host. On requests that may not use the
    store (staff, previews), simply rendered."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        parts = [variable.resolve(context) for variable in self.vary_on]
        key = fragments.key_for(context.get("request"), self.name.resolve(context), *parts)
        found = fragments.get(key)
        if found is None:
            found = fragments.put(key, self.nodelist.render(context))
        return found
