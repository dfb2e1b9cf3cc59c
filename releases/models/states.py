"""Where a release stands: its stored `Status`, set only by releases.services."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    # The workflow (releases/services.py): draft -> in review -> published -> withdrawn.
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
