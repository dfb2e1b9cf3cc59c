import re
from urllib.parse import urlsplit

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.fields import URLField
from newsroom.ordered import OrderedRow, unique_position
from newsroom.text import by_name, folded
from newsroom.uploads import validate_image


def name_keys(name):
    """“Red en Defensa de los Derechos Digitales (R3D)” -> the whole, the name and the acronym, folded."""
    keys = {folded(name)}
    match = re.fullmatch(r"\s*(?P<name>[^()]+?)\s*\((?P<short>[^()]+)\)\s*", name or "")
    if match:
        keys |= {folded(match["name"]), folded(match["short"])}
    return keys - {""}


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


class DirectoryEntry(models.Model):
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

    def save(self, *args, **kwargs):
        kwargs["update_fields"] = all_but_listed_from(self, kwargs.get("update_fields"), kwargs.get("force_insert"))
        super().save(*args, **kwargs)

    @property
    def is_listed_now(self):
        """The object-level twin of `listed()`."""
        return self.is_listed or (self.listed_from is not None and self.listed_from <= timezone.now())


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


class Organisation(DirectoryEntry):
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
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Used in the organisation’s URL."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CIVIL_SOCIETY)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    website = URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/logos/",
        blank=True,
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

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("list_organisation", _("Can list organisations publicly before a release names them"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:organisation", kwargs={"slug": self.slug})

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


def format_phone(phone, region=None):
    """Return (display, tel URI) for a phone number as an editor typed it.

    A number that parses is shown in international format and dialled in E.164; anything
    else is shown as typed and gets no tel: link rather than a wrong one.
    """
    phone = " ".join((phone or "").split())
    if not phone:
        return "", ""
    try:
        number = phonenumbers.parse(phone, region or settings.NEWSROOM_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return phone, ""
    if not phonenumbers.is_possible_number(number):
        return phone, ""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    extension = f";ext={number.extension}" if number.extension else ""
    return phone, f"tel:{e164}{extension}"


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
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=40, blank=True)
    is_public = models.BooleanField(
        _("show contact details publicly"),
        default=False,
        help_text=_(
            "Phone numbers and email are shown on the public site. Usual for press contacts; "
            "spokespeople are usually reached through a press contact."
        ),
    )
    photo = models.ImageField(_("photo"), upload_to="contacts/photos/", blank=True, validators=[validate_image])

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
            value = " ".join(getattr(self, field).split())
            setattr(self, field, value)
            if value and not format_phone(value)[1]:
                raise ValidationError({field: _("This does not look like a phone number.")})

    @property
    def phone_numbers(self):
        """[(display, tel URI)] for the phone and the mobile, whichever are filled in."""
        return [format_phone(number) for number in (self.phone, self.mobile) if number]
