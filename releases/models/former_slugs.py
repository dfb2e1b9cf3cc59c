"""The addresses releases and topics had before their slugs changed: an old link redirects to
the current one (newsroom/slugs.py, find_by_slug)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.slugs import FormerSlug


class FormerReleaseSlug(FormerSlug):
    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="former_slugs")

    class Meta(FormerSlug.Meta):
        verbose_name = _("former slug of a release")
        verbose_name_plural = _("former slugs of releases")


class FormerTopicSlug(FormerSlug):
    topic = models.ForeignKey("releases.Topic", on_delete=models.CASCADE, related_name="former_slugs")

    class Meta(FormerSlug.Meta):
        verbose_name = _("former slug of a topic")
        verbose_name_plural = _("former slugs of topics")
