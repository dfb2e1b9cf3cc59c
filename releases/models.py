import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Organisation
from newsroom.fields import URLField
from newsroom.uploads import attachment_label, image_facts, validate_attachment, validate_image
from releases import search as full_text


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topics:detail", kwargs={"slug": self.slug})


class ReleaseQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, its publication time reached, any embargo over.

        The one definition of visibility: every public page, feed, sitemap and search starts
        here. Time is compared in the query, so a scheduled release goes live at its minute
        without any job running.
        """
        now = timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            status=Release.Status.PUBLISHED,
            published_at__lte=now,
        )

    def published_in(self, year, month=None):
        """Published in a year, or in one of its months, in the newsroom's time zone (as URLs date them)."""
        start = timezone.make_aware(datetime(year, month or 1, 1))
        if month is None or month == 12:
            end = timezone.make_aware(datetime(year + 1, 1, 1))
        else:
            end = timezone.make_aware(datetime(year, month + 1, 1))
        return self.filter(published_at__gte=start, published_at__lt=end)

    def search(self, query, language):
        """Published releases matching `query` in a page language, best first, with `search_rank`.

        Insensitive to case and accents on every database ("mexico" finds "México"). On
        PostgreSQL each release also gets `search_headline`, a snippet with marked matches
        (turn it into HTML with `releases.search.snippet`). A query without a single word
        matches nothing. How it works, and why, is in releases/search.py.
        """
        query = (query or "")[: full_text.MAX_QUERY_LENGTH]
        terms = full_text.search_terms(query)
        if not terms:
            return self.none()
        if connection.vendor == "postgresql":
            return full_text.search_postgresql(self.published(), query, language)
        return full_text.search_sqlite(self.published(), terms, language)

    def with_listing_related(self):
        """What a list of releases shows: issuing organisations (in order) and topics."""
        return self.prefetch_related(
            Prefetch("signatories", queryset=Signatory.objects.select_related("organisation")),
            "topics",
        )

    def with_page_related(self):
        """Everything a release page shows, in a fixed number of queries."""
        return self.prefetch_related(
            Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related("organisation").prefetch_related("organisation__links"),
            ),
            Prefetch(
                "media_contacts",
                queryset=MediaContact.objects.select_related(
                    "press_contact__organisation", "spokesperson__organisation"
                ),
            ),
            "topics",
            "links",
            "attachments",
            "mentioned_organisations",
        )


def summary_points(text):
    """Summary text as a list of points: one per line, without any bullet an editor typed."""
    points = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-*•·–").strip()
        if line:
            points.append(line)
    return points


class Release(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    uuid = models.UUIDField(
        _("permanent identifier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Identifies the release in feeds for good: it never changes, whatever else is edited."),
    )
    title = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the release’s URL. Changing it after publication breaks shared links."),
    )
    summary = models.TextField(
        _("summary points"),
        blank=True,
        help_text=_("The key points shown under the headline: one point per line, no bullets needed."),
    )
    body = models.TextField(_("body"), help_text=_("Markdown: **bold**, *italic*, [links](https://…), lists."))
    context = models.TextField(
        _("background"),
        blank=True,
        help_text=_("Markdown, shown under the heading “Background”: facts a journalist needs for context."),
    )
    dateline_place = models.CharField(
        _("dateline place"),
        max_length=120,
        blank=True,
        help_text=_("Where the release is issued from, e.g. “Ciudad de México”."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "A published release is public from this moment on; a time in the future schedules it. "
            "Left empty, it is set to the moment the release is published."
        ),
    )
    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_("While the embargo lasts the release stays hidden from the public, even when published."),
    )
    issuing_organisations = models.ManyToManyField(
        Organisation,
        through="Signatory",
        related_name="releases",
        verbose_name=_("issuing organisations"),
    )
    mentioned_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="mentioned_in",
        verbose_name=_("mentioned organisations"),
        help_text=_("Organisations named in the text; the release is listed on their pages."),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="releases", verbose_name=_("topics"))
    featured_image = models.ImageField(
        _("featured image"),
        upload_to="releases/images/%Y/%m/",
        blank=True,
        validators=[validate_image],
        help_text=_("Shown on the release page and when the release is shared. At least 1200×630 pixels is best."),
    )
    featured_image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    featured_image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    # Recorded when the image is saved, so feeds can announce the enclosure without asking
    # storage (which may be remote) on every request.
    featured_image_size = models.PositiveBigIntegerField(_("image size in bytes"), default=0, editable=False)
    featured_image_type = models.CharField(_("image MIME type"), max_length=50, blank=True, editable=False)
    import_key = models.CharField(
        _("imported from"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the release is imported from a Markdown file: the file’s name without folder, "
            "language and extension. Importing a file of that name again updates this release "
            "instead of creating another."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("updated by"),
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="release_published_has_date",
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="release_unique_import_key"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.record_featured_image_facts()
        super().save(*args, **kwargs)
        self._stored_image_name = self.featured_image.name

    def get_absolute_url(self):
        moment = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse("releases:detail", kwargs={"year": moment.year, "month": moment.month, "slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        release = super().from_db(db, field_names, values)
        # Remember which image the row holds, so save() measures only a new one.
        stored = release.__dict__.get("featured_image")
        release._stored_image_name = getattr(stored, "name", stored)
        return release

    def clean(self):
        for language, _name in settings.LANGUAGES:
            field = f"summary_{language}"
            setattr(self, field, "\n".join(summary_points(getattr(self, field))))
        # The Spanish description is required; an English page falls back to it.
        if self.featured_image and not (self.featured_image_alt_es or "").strip():
            raise ValidationError({"featured_image_alt_es": _("Describe the image for people who cannot see it.")})

    def record_featured_image_facts(self):
        """Keep the featured image's size and type on the row when the image changes."""
        image = self.featured_image
        if not image:
            self.featured_image_size, self.featured_image_type = 0, ""
        elif (
            not image._committed  # a fresh upload
            or image.name != getattr(self, "_stored_image_name", None)  # another stored file
            or not self.featured_image_type  # not measured yet
        ):
            self.featured_image_size, self.featured_image_type = image_facts(image)

    @property
    def is_published(self):
        """The object-level twin of ReleaseQuerySet.published()."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    @property
    def summary_points(self):
        return summary_points(self.summary)

    @property
    def languages(self):
        """The languages the release is written in: Spanish, its language of record, and any
        other it is translated into (see `content_language`)."""
        return [language for language, _name in settings.LANGUAGES if self.content_language(language) == language]

    @property
    def public_updated_at(self):
        """When the public version last changed: the newest of its publication and its last edit.

        Feeds use it for Atom's <updated> and for their validators; anything that later changes
        a release publicly (such as a change note) belongs here, so every user of it follows.
        """
        return max((moment for moment in (self.published_at, self.updated_at) if moment is not None), default=None)

    def content_language(self, language):
        """The language this release is read in when `language` is asked for.

        A release counts as translated when its headline and body are (the fields Spanish
        requires); otherwise it is read in Spanish, the language of record.
        """
        if all(getattr(self, f"{field}_{language}", None) for field in ("title", "body")):
            return language
        return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class Signatory(models.Model):
    """An organisation issuing (signing) a release, in the order the signatures appear."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("organisation")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("issuing organisation")
        verbose_name_plural = _("issuing organisations")
        constraints = [
            models.UniqueConstraint(fields=["release", "organisation"], name="signatory_unique_organisation"),
            models.UniqueConstraint(fields=["release", "position"], name="signatory_unique_position"),
        ]

    def __str__(self):
        return str(self.organisation)


class ReferenceLink(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(
        _("label"), max_length=300, blank=True, help_text=_("Optional: without one, the URL is shown.")
    )
    url = URLField(_("URL"), max_length=1000)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("reference link")
        verbose_name_plural = _("reference links")
        constraints = [
            models.UniqueConstraint(fields=["release", "position"], name="referencelink_unique_position"),
        ]

    def __str__(self):
        return self.label or self.url


class MediaContact(models.Model):
    """“For interviews with SPOKESPERSON contact PRESS CONTACT”: one such pair of a release."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="media_contacts")
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
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")
        constraints = [
            models.UniqueConstraint(fields=["release", "position"], name="mediacontact_unique_position"),
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

    def clean(self):
        if self.spokesperson_id and self.spokesperson_id == self.press_contact_id:
            raise ValidationError(
                {"spokesperson": _("The spokesperson and the press contact must be different people.")}
            )


class Attachment(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to="releases/attachments/%Y/%m/",
        max_length=300,
        validators=[validate_attachment],
        help_text=_("PDF, office document or image."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(fields=["release", "position"], name="attachment_unique_position"),
        ]

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
