"""The topics releases are filed under, and the slugs they had before."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contacts.listed import KeepsListedFrom
from newsroom.slugs import TranslatedSlugs, english_slug_field, unique_english_slug


class TopicQuerySet(models.QuerySet):
    def listed(self):
        """Topics the public may see named: those a release on the public record is filed under
        (`listed_from`, kept by releases/indexing.py). A topic used only by drafts, releases in
        review, scheduled or under embargo, or withdrawn before they were public, stays private."""
        return self.filter(listed_from__lte=timezone.now())


class Topic(TranslatedSlugs, KeepsListedFrom, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    slug_en = english_slug_field(max_length=100)
    listed_from = models.DateTimeField(
        _("on the public record from"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the first release on the public record filed under it becomes public (kept by the newsroom)."
        ),
    )

    objects = TopicQuerySet.as_manager()

    english_slug_source = "name_en"

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [unique_english_slug("topic")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topics:detail", kwargs={"slug": self.slug_for(get_language())})

    def clean(self):
        self.validate_slugs()
