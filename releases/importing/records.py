"""What every part of an import's write side shares: its errors, and the checks and names the
records it writes get before they are saved (releases.importing.directory, .rows, .service)."""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from newsroom.slugs import slug_taken


class ImportFailed(Exception):
    """The release could not be written; nothing of it was saved. The message says why."""


class ImportRefused(ImportFailed):
    """The user may not make this import; nothing was written."""


def validated(instance, exclude=()):
    """`instance`, checked as a form would check it, or ImportFailed naming what is wrong."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        raise ImportFailed(f"{instance._meta.verbose_name} “{instance}”: {problems}") from None
    return instance


def unique_slug(model, text, *, max_length, exclude_pk=None):
    base = slugify(text)[:max_length].strip("-") or "comunicado"
    slug, number = base, 1
    while slug_taken(model, slug, exclude_pk=exclude_pk):
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug


def free_english_slug_from(model, slug, *, exclude_pk=None):
    """The front matter's English slug when it is a valid slug no other object uses in either
    language; else "" (the object then makes its own from its English text)."""
    max_length = model._meta.get_field("slug_en").max_length
    if (
        slug
        and slug == slugify(slug)
        and len(slug) <= max_length
        and not slug_taken(model, slug, exclude_pk=exclude_pk)
    ):
        return slug
    return ""


def free_slug(model, slug, fallback):
    """The front matter's slug when it is a valid, unused slug; else one made from `fallback`."""
    max_length = model._meta.get_field("slug").max_length
    if slug and slug == slugify(slug) and len(slug) <= max_length and not slug_taken(model, slug):
        return slug
    return unique_slug(model, fallback, max_length=max_length)


def with_scheme(url):
    return url if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) else f"https://{url}"
