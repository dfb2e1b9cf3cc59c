import re
from typing import NamedTuple
from urllib.parse import urlsplit

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contacts.listed import DirectoryEntry, listed_now
from newsroom.fields import URLField
from newsroom.ordered import OrderedRow, unique_position
from newsroom.slugs import FormerSlug, TranslatedSlugs, english_slug_field, unique_english_slug
from newsroom.text import by_name, folded
from newsroom.uploads import UnguessableName, validate_image


def name_keys(name):
    """“Red en Defensa de los Derechos Digitales (R3D)” -> the whole, the name and the acronym, folded."""
    keys = {folded(name)}
    match = re.fullmatch(r"\s*(?P<name>[^()]+?)\s*\((?P<short>[^()]+)\)\s*", name or "")
    if match:
        keys |= {folded(match["name"]), folded(match["short"])}
    return keys - {""}


class OrganisationQuerySet(models.QuerySet):
    def publishers(self):
        return self.filter(is_publisher=True)

    def listed(self):
        """Organisations the public may see named: see DirectoryEntry."""
        return self.filter(listed_now())

    def matching(self, name):
        """Organisations called `name` in either language or by their short name.

        Case, accents and punctuation are ignored, and “Name (ACRONYM)” also matches either
        part. Names are compared in Python, the same way on SQLite and PostgreSQL; a
        newsroom's directory is small enough for that.
        """
        keys = name_keys(name)
        if not keys:
            return self.none()
        matches = [
            pk
            for pk, *names in self.values_list("pk", "name_es", "name_en", "short_name")
            if keys & {folded(value) for value in names if value}
        ]
        return self.filter(pk__in=matches)


class Organisation(TranslatedSlugs, DirectoryEntry):
    class Kind(models.TextChoices):
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        COALITION = "coalition", _("Coalition")
        GOVERNMENT = "government", _("Government body")
        REGULATOR = "regulator", _("Regulator")
        MEDIA = "media", _("Media")
        INTERNATIONAL = "international", _("International organisation")
        ACADEMIC = "academic", _("Academic or research")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("Acronym or usual short form, e.g. “R3D”.")
    )
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Used in the organisation’s Spanish URL.")
    )
    slug_en = english_slug_field(max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CIVIL_SOCIETY)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    website = URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=UnguessableName("organisations/logos"),
        max_length=300,
        blank=True,
        db_index=True,  # the media view finds the organisation a file belongs to by its name
        validators=[validate_image],
        help_text=_("JPEG, PNG, WebP or GIF. Square logos look best."),
    )
    members = models.ManyToManyField(
        "self",
        through="Membership",
        through_fields=("coalition", "member"),
        symmetrical=False,
        related_name="member_of",
        blank=True,
        verbose_name=_("member organisations"),
    )
    is_publisher = models.BooleanField(
        _("publishes in this newsroom"),
        default=False,
        help_text=_(
            "Its releases appear in this newsroom and it is listed as a publisher. "
            "Leave unticked for organisations that are only mentioned."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    english_slug_source = "name_en"

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [unique_english_slug("organisation")]
        permissions = [("list_organisation", _("Can list organisations publicly before a release names them"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:organisation", kwargs={"slug": self.slug_for(get_language())})

    def clean(self):
        self.validate_slugs()

    def coalitions_and_members(self):
        """(member organisations, coalitions it belongs to), both by name, in one query."""
        memberships = Membership.objects.filter(models.Q(coalition=self) | models.Q(member=self)).select_related(
            "coalition", "member"
        )
        members, coalitions = [], []
        for membership in memberships:
            if membership.coalition_id == self.pk:
                members.append(membership.member)
            else:
                coalitions.append(membership.coalition)
        return by_name(members), by_name(coalitions)

    @property
    def display_name(self):
        """The name with its acronym, as a byline shows it: “Red Ciudadana (RCT)”."""
        if self.short_name and self.short_name.lower() != self.name.lower():
            return f"{self.name} ({self.short_name})"
        return self.name


class FormerOrganisationSlug(FormerSlug):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="former_slugs")

    class Meta(FormerSlug.Meta):
        verbose_name = _("former slug of an organisation")
        verbose_name_plural = _("former slugs of organisations")


class Membership(models.Model):
    """A member organisation of a coalition."""

    coalition = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("coalition")
    )
    member = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="coalition_memberships", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["coalition", "member"], name="membership_unique"),
            models.CheckConstraint(condition=~models.Q(coalition=models.F("member")), name="membership_not_self"),
        ]

    def __str__(self):
        return f"{self.member} ∈ {self.coalition}"

    def clean(self):
        if self.coalition_id and self.coalition_id == self.member_id:
            raise ValidationError({"member": _("An organisation cannot be a member of itself.")})


class OrganisationLink(OrderedRow):
    class Network(models.TextChoices):
        WEBSITE = "website", _("Website")
        FACEBOOK = "facebook", "Facebook"
        X = "x", "X (Twitter)"
        INSTAGRAM = "instagram", "Instagram"
        YOUTUBE = "youtube", "YouTube"
        MASTODON = "mastodon", "Mastodon"
        BLUESKY = "bluesky", "Bluesky"
        LINKEDIN = "linkedin", "LinkedIn"
        OTHER = "other", _("Other")

        @classmethod
        def from_url(cls, url, *, website=""):
            """Guess the network from a profile URL; Mastodon runs on many hosts, so it is matched by path.

            A page on the host of the organisation's own `website` is part of that website.
            """
            parts = urlsplit(url)
            host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
            if website and host and host == (urlsplit(website).hostname or "").lower().removeprefix("www."):
                return cls.WEBSITE
            hosts = {
                "facebook.com": cls.FACEBOOK,
                "fb.com": cls.FACEBOOK,
                "twitter.com": cls.X,
                "x.com": cls.X,
                "instagram.com": cls.INSTAGRAM,
                "youtube.com": cls.YOUTUBE,
                "youtu.be": cls.YOUTUBE,
                "bsky.app": cls.BLUESKY,
                "linkedin.com": cls.LINKEDIN,
            }
            if host in hosts:
                return hosts[host]
            if "mastodon" in host or parts.path.startswith("/@"):
                return cls.MASTODON
            return cls.OTHER

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="links", verbose_name=_("organisation")
    )
    network = models.CharField(_("network"), max_length=20, choices=Network.choices, default=Network.OTHER)
    url = URLField(_("URL"), max_length=500)

    class Meta(OrderedRow.Meta):
        ordering = ["organisation", "position"]
        verbose_name = _("social or web link")
        verbose_name_plural = _("social and web links")
        constraints = [
            unique_position("organisation"),
            models.UniqueConstraint(fields=["organisation", "url"], name="organisationlink_unique_url"),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_network_display()}"


class PhoneNumber(NamedTuple):
    """A phone number ready to show: `display` in international format, `tel` its tel: URI in
    E.164 (or "" when it cannot be dialled as written), `kind` "phone", "mobile" or ""."""

    display: str
    tel: str
    kind: str = ""

    @property
    def label(self):
        return {"phone": _("Phone"), "mobile": _("Mobile")}.get(self.kind, _("Phone"))


def format_phone(phone, region=None, kind=""):
    """The PhoneNumber for a number as an editor typed it.

    A number that parses is shown in one format in every language, the international one
    (“+52 55 4065 8422”: a journalist abroad needs the country code), and dialled in E.164;
    anything else is shown as typed and gets no tel: link rather than a wrong one.
    """
    phone = " ".join((phone or "").split())
    if not phone:
        return PhoneNumber("", "", kind)
    try:
        number = phonenumbers.parse(phone, region or settings.NEWSROOM_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return PhoneNumber(phone, "", kind)
    if not phonenumbers.is_possible_number(number):
        return PhoneNumber(phone, "", kind)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    extension = f";ext={number.extension}" if number.extension else ""
    return PhoneNumber(display, f"tel:{e164}{extension}", kind)


def validate_phone(value):
    """A phone number that can be dialled as written: in the newsroom's region
    (NEWSROOM_PHONE_REGION), or anywhere with its country code."""
    if value and not format_phone(value)[1]:
        raise ValidationError(_("This does not look like a phone number."))


class ContactQuerySet(models.QuerySet):
    def public(self):
        """People whose phone and email may be shown on the public site."""
        return self.filter(is_public=True)

    def listed(self):
        """People the public may see named: see DirectoryEntry."""
        return self.filter(listed_now())

    def matching(self, *, name="", emails=()):
        """The people with one of `emails` (any case); failing that, those called `name`.

        Names are compared ignoring case, accents and punctuation (in Python, as for
        organisations), so “Lucía Moguel” finds “LUCIA MOGUEL”.
        """
        emails = [email.strip() for email in emails if email and email.strip()]
        if emails:
            query = models.Q()
            for email in emails:
                query |= models.Q(email__iexact=email)
            by_email = self.filter(query)
            if by_email.exists():
                return by_email
        key = folded(name)
        if not key:
            return self.none()
        return self.filter(pk__in=[pk for pk, value in self.values_list("pk", "name") if folded(value) == key])


class Contact(DirectoryEntry):
    """A person: a spokesperson journalists may interview, or a press contact who arranges it."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True, help_text=_("E.g. “Director”, “Press officer”."))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email"), blank=True)
    # Checked by a field validator (not in clean()) so that an import can keep a number it could
    # not place as written, with a warning, by leaving the field out of its checks.
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    mobile = models.CharField(_("mobile phone"), max_length=40, blank=True, validators=[validate_phone])
    is_public = models.BooleanField(
        _("show contact details publicly"),
        default=False,
        help_text=_(
            "Phone numbers and email are shown on the public site. Usual for press contacts; "
            "spokespeople are usually reached through a press contact."
        ),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=UnguessableName("contacts/photos"),
        max_length=300,
        blank=True,
        db_index=True,  # the media view finds the person a file belongs to by its name
        validators=[validate_image],
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        permissions = [("list_contact", _("Can list people publicly before a release names them"))]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~models.Q(email=""), name="contact_unique_email"),
        ]

    def __str__(self):
        if self.organisation_id:
            return f"{self.name} ({self.organisation.short_name or self.organisation.name})"
        return self.name

    def clean(self):
        self.name = " ".join(self.name.split())
        self.email = self.email.strip().lower()
        for field in ("phone", "mobile"):
            setattr(self, field, " ".join(getattr(self, field).split()))

    @property
    def is_reachable(self):
        """Whether journalists can reach this person from a release's page: public details with a
        phone, a mobile or an email. Publishing asks it of every press contact
        (releases.services.check_press_contacts)."""
        return self.is_public and bool(self.phone or self.mobile or self.email)

    @property
    def phone_numbers(self):
        """[PhoneNumber] for the phone and the mobile, whichever are filled in."""
        numbers = (("phone", self.phone), ("mobile", self.mobile))
        return [format_phone(number, kind=kind) for kind, number in numbers if number]

    @property
    def email_addresses(self):
        """[the email] when there is one: what lists of a person's details iterate over."""
        return [self.email] if self.email else []
