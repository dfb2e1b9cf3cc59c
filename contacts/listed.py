"""Names of the directory that the public may see: listed by an editor, or named by a release on
the public record (issue 10, names before publication)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def listed_now():
    """Who the public may see named in the directory right now: whoever an editor listed, and
    whoever a release on the public record names (`listed_from`, kept by the releases app)."""
    return models.Q(is_listed=True) | models.Q(listed_from__lte=timezone.now())


def all_but_listed_from(instance, update_fields, force_insert=False):
    """The fields a save of an existing row writes: all but `listed_from`, which only the newsroom
    writes (with UPDATEs), so an instance loaded before it changed cannot write back its old value."""
    if update_fields is not None or force_insert or instance._state.adding or instance.pk is None:
        return update_fields
    deferred = instance.get_deferred_fields()
    return [
        field.name
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name != "listed_from" and field.attname not in deferred
    ]


class KeepsListedFrom:
    """For models with `listed_from`: a save never writes it (see all_but_listed_from).

    Put after TranslatedSlugs in the bases: that one makes `slug_en` only when a save writes
    every field (no `update_fields`), which this turns into a list.
    """

    def save(self, *args, **kwargs):
        kwargs["update_fields"] = all_but_listed_from(self, kwargs.get("update_fields"), kwargs.get("force_insert"))
        super().save(*args, **kwargs)


class DirectoryEntry(KeepsListedFrom, models.Model):
    """What keeps a name of the directory off the public site until it is on the public record.

    An organisation or a person added for an embargoed joint statement must not be listed before
    the statement is public. `listed_from` is the moment the first release on the public record
    names them (as issuing or mentioned organisation, or as press contact or spokesperson): the
    releases app keeps it (releases/indexing.py) whenever a release or its rows change, including
    a moment in the future for a scheduled or embargoed release, so they appear at that moment
    with no write. `is_listed` is an editor's decision to list them before that.
    """

    is_listed = models.BooleanField(
        _("listed before publication"),
        default=False,
        help_text=_(
            "Show in the public directory now. Otherwise it is listed from the moment a public release names it, "
            "so that a name prepared for an embargoed statement stays private until then."
        ),
    )
    listed_from = models.DateTimeField(
        _("on the public record from"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the first release on the public record names it (kept by the newsroom)."),
    )

    class Meta:
        abstract = True

    @property
    def is_listed_now(self):
        """The object-level twin of `listed()`."""
        return self.is_listed or (self.listed_from is not None and self.listed_from <= timezone.now())
