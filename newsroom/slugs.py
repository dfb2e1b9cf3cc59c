"""Slugs in each language, and the slugs an object had before, so that shared links never die.

A release, a topic and an organisation each have `slug`, the Spanish one (the language of
record, and their identity in exports, filters and feeds' history), and `slug_en`, the one
their English URLs use; an empty `slug_en` means English URLs use the Spanish slug. `slug_en`
is made from the English headline or name when there is one, unused by any other object in
either language. A slug that is replaced is kept as a former slug of its object: every URL
that ever worked leads, by a permanent redirect, to the object's URL of today.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

ENGLISH = "en"
# A slug made from a headline keeps its first words: a URL is read, and shared in messages.
GENERATED_LENGTH = 80


def english_slug_field(max_length):
    return models.SlugField(
        _("English slug"),
        max_length=max_length,
        blank=True,
        help_text=_(
            "The last part of the English URL. Left empty, it is made from the English text when there is "
            "one; until then English URLs use the Spanish slug. Old addresses keep redirecting after a change."
        ),
    )


def unique_english_slug(prefix):
    return models.UniqueConstraint(fields=["slug_en"], condition=~Q(slug_en=""), name=f"{prefix}_unique_english_slug")


def slug_taken(model, slug, *, exclude_pk=None):
    """Whether another object of `model` uses `slug` in any language."""
    return model._default_manager.exclude(pk=exclude_pk).filter(Q(slug=slug) | Q(slug_en=slug)).exists()


def free_english_slug(model, text, *, exclude_pk=None):
    """A slug made from `text` that no other object uses in any language ("" for no text)."""
    max_length = min(model._meta.get_field("slug_en").max_length, GENERATED_LENGTH)
    base = slugify(text or "")
    if len(base) > max_length:  # cut at a word, as a headline read aloud would be
        base = base[: max_length + 1].rsplit("-", 1)[0]
    base = base[:max_length].strip("-")
    if not base:
        return ""
    slug, number = base, 1
    while slug_taken(model, slug, exclude_pk=exclude_pk):
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug


class FormerSlug(models.Model):
    """A slug an object no longer uses, in either language: its old URLs redirect to the new one."""

    slug = models.SlugField(_("former slug"), max_length=200, db_index=True)
    replaced_at = models.DateTimeField(_("replaced"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return self.slug


class TranslatedSlugs:
    """For models with `slug`, `slug_en` and a `former_slugs` relation (a FormerSlug subclass).

    `english_slug_source` names the field `slug_en` is made from.
    """

    english_slug_source = ""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_slugs = {instance.__dict__.get("slug"), instance.__dict__.get("slug_en")} - {None, ""}
        return instance

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None and not self.slug_en:
            self.slug_en = free_english_slug(type(self), getattr(self, self.english_slug_source), exclude_pk=self.pk)
        super().save(*args, **kwargs)
        current = {self.slug, self.slug_en} - {""}
        stored = getattr(self, "_stored_slugs", None)
        if stored is not None and stored != current:
            for slug in stored - current:
                self.former_slugs.get_or_create(slug=slug)
            # A slug given back (an edit undone) is current again, not former.
            self.former_slugs.filter(slug__in=current).delete()
        self._stored_slugs = current

    def slug_for(self, language):
        """The slug of this object's URLs in `language` (the active one by default)."""
        language = language or translation.get_language()
        if language == ENGLISH and self.slug_en:
            return self.slug_en
        return self.slug

    def validate_slugs(self):
        """Each slug unused by any other object, in either language (a URL finds one object)."""
        errors = {}
        for field in ("slug", "slug_en"):
            value = getattr(self, field)
            if value and slug_taken(type(self), value, exclude_pk=self.pk):
                errors[field] = _("Another %(object)s already uses this slug, in Spanish or in English.") % {
                    "object": self._meta.verbose_name
                }
        if errors:
            raise ValidationError(errors)


def find_by_slug(queryset, slug, language=None):
    """The object of `queryset` that `slug` names, and whether it is its slug in `language`.

    A slug of the object in another language, or a slug it had before, still finds it (its
    caller redirects to the URL of today); a slug in use wins over a former one. (None, False)
    when nothing is found.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    # `slug_en` is empty for every object without English text: said so, the database reads the
    # English slugs' partial index (release_unique_english_slug) instead of taking the empty ones
    # for matches, which made SQLite scan every release for one page.
    matches = list(queryset.filter(Q(slug=slug) | (Q(slug_en=slug) & ~Q(slug_en=""))))
    for found in matches:
        if found.slug_for(language) == slug:
            return found, True
    if matches:
        return matches[0], False
    former = queryset.filter(former_slugs__slug=slug).order_by("-former_slugs__replaced_at").first()
    return former, False


def urls_in_every_language(obj):
    """{language: obj's URL in it}, for the language switcher and hreflang links."""
    urls = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            urls[language] = obj.get_absolute_url()
    return urls


def fill_english_slugs(model, source_field):
    """Give every object of `model` with English text and no English slug one (for migrations:
    works with historical models, which have none of the methods above)."""
    for obj in (
        model._default_manager.filter(slug_en="")
        .exclude(**{source_field: ""})
        .exclude(**{f"{source_field}__isnull": True})
    ):
        obj.slug_en = free_english_slug(model, getattr(obj, source_field), exclude_pk=obj.pk)
        if obj.slug_en:
            obj.save(update_fields=["slug_en"])


def redirect_to_current_url(request, obj):
    """A permanent redirect to `obj`'s URL of today when the request named it by another
    language's slug or a former one (keeping the query string), else None."""
    url = obj.get_absolute_url()
    if request.path == url:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
