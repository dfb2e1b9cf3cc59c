"""Rows kept in the order editors give them: reference links, media contacts, attachments and
issuing organisations of a release, an organisation's social links.

Each such model subclasses `OrderedRow` and adds, in its Meta, `unique_position(<parent field>)`:
a position is unique among the rows of one parent. newsroom/admin_ordering.py is the admin side
(an “Order” column and renumbering on save).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


def unique_position(parent):
    """The constraint that no two rows of one `parent` share a position, named after the model."""
    return models.UniqueConstraint(fields=[parent, "position"], name="%(class)s_unique_position")


class OrderedRow(models.Model):
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position"]
