"""Template filters available in every template (registered as a builtin in settings)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language

from newsroom.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source):
    return render_markdown(source)


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """This page's URL in another language (the language switcher)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
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
