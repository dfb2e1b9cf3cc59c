"""The rows edited on a release's page, each kept in the order editors give it: issuing
organisations, reference links, media contacts and attachments."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Organisation
from newsroom.fields import URLField
from newsroom.ordered import OrderedRow, unique_position
from newsroom.uploads import UnguessableName, attachment_label, validate_attachment


@dataclass(frozen=True)
class ContactLine:
    """“For interviews with SPOKESPERSON contact PRESS CONTACT: phones / email”, ready to show
    (templates/includes/media_contact.html), from a release's media contact or from a parse."""

    press_contact: str
    spokesperson: str = ""
    organisation: str = ""
    numbers: tuple = ()  # contacts.models.PhoneNumber, as format_phone gives them
    emails: tuple = ()
    role: str = ""
    card_url: str = ""  # the press contact's vCard, on the public record only

    @property
    def details(self):
        return bool(self.numbers or self.emails)


class ReleaseRow(OrderedRow):
    """A row edited on a release's page. Each subclass declares its `release` foreign key, whose
    related name is how the release reaches its rows (links, media_contacts …)."""

    class Meta(OrderedRow.Meta):
        abstract = True
        constraints = [unique_position("release")]


class IssuingOrganisation(ReleaseRow):
    """One of the organisations that issue a release, in the order the release names them."""

    release = models.ForeignKey("Release", on_delete=models.CASCADE, related_name="issuing_organisation_rows")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="issuing_organisation_rows",
        verbose_name=_("organisation"),
    )

    class Meta(ReleaseRow.Meta):
        verbose_name = _("issuing organisation")
        verbose_name_plural = _("issuing organisations")
        constraints = [
            *ReleaseRow.Meta.constraints,
            models.UniqueConstraint(fields=["release", "organisation"], name="issuingorganisation_unique_organisation"),
        ]

    def __str__(self):
        return str(self.organisation)


class ReferenceLink(ReleaseRow):
    release = models.ForeignKey("Release", on_delete=models.CASCADE, related_name="links")
    label = models.CharField(
        _("label"), max_length=300, blank=True, help_text=_("Optional: without one, the URL is shown.")
    )
    url = URLField(_("URL"), max_length=1000)

    class Meta(ReleaseRow.Meta):
        verbose_name = _("reference link")
        verbose_name_plural = _("reference links")

    def __str__(self):
        return self.label or self.url


class MediaContact(ReleaseRow):
    """“For interviews with SPOKESPERSON contact PRESS CONTACT”: one such pair of a release."""

    release = models.ForeignKey("Release", on_delete=models.CASCADE, related_name="media_contacts")
    press_contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        related_name="press_contact_for",
        verbose_name=_("press contact"),
        help_text=_("Whom journalists call or write to. Their public phone and email are shown."),
    )
    spokesperson = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spokesperson_for",
        verbose_name=_("spokesperson"),
        help_text=_("Optional: who gives interviews, reached through the press contact."),
    )

    class Meta(ReleaseRow.Meta):
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")
        constraints = [
            *ReleaseRow.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(spokesperson=models.F("press_contact")), name="mediacontact_distinct_people"
            ),
        ]

    def __str__(self):
        if self.spokesperson_id:
            return _("For interviews with %(spokesperson)s contact %(press_contact)s") % {
                "spokesperson": self.spokesperson.name,
                "press_contact": self.press_contact.name,
            }
        return self.press_contact.name

    @property
    def line(self):
        """The ContactLine the public sees: the press contact's phones and email only when public."""
        press = self.press_contact
        numbers = tuple(press.phone_numbers) if press.is_public else ()
        emails = (press.email,) if press.is_public and press.email else ()
        card_url = ""
        if (numbers or emails) and self.release.is_on_public_record:
            card_url = self.release.contact_card_url(press.pk)
        return ContactLine(
            press_contact=press.name,
            spokesperson=self.spokesperson.name if self.spokesperson_id else "",
            numbers=numbers,
            emails=emails,
            role=press.role,
            card_url=card_url,
        )

    def clean(self):
        if self.spokesperson_id and self.spokesperson_id == self.press_contact_id:
            raise ValidationError(
                {"spokesperson": _("The spokesperson and the press contact must be different people.")}
            )


class Attachment(ReleaseRow):
    release = models.ForeignKey("Release", on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=UnguessableName("releases/attachments"),
        max_length=300,
        db_index=True,  # the media view finds the attachment a file is by its name
        validators=[validate_attachment],
        help_text=_("PDF, office document or image."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)

    class Meta(ReleaseRow.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def kind(self):
        """The kind of document (“PDF”, “Word”), from its checked extension."""
        return attachment_label(self.file.name)
