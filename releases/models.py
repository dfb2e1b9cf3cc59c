import hashlib
import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
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


def _public_now():
    """The condition of ReleaseQuerySet.published(), evaluated at this moment."""
    now = timezone.now()
    return Q(
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
        status=Release.Status.PUBLISHED,
        published_at__lte=now,
    )


class ReleaseQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, its publication time reached, any embargo over.

        The one definition of visibility: every public page, feed, sitemap and search starts
        here. Time is compared in the query, so a scheduled release goes live at its minute
        without any job running. Withdrawn releases are not in it (see public_record()).
        """
        return self.filter(_public_now())

    def public_record(self):
        """Releases whose own page the public may open: published() plus withdrawn releases that
        had been public before they were withdrawn (their page stays, marked withdrawn).

        Only for opening one release's page: lists, feeds, sitemap and search use published().
        """
        had_been_public = Q(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=F("withdrawn_at")),
            status=Release.Status.WITHDRAWN,
            published_at__lte=F("withdrawn_at"),
        )
        return self.filter(_public_now() | had_been_public)

    def scheduled(self):
        """Published releases whose publication time has not come yet."""
        return self.filter(status=Release.Status.PUBLISHED, published_at__gt=timezone.now())

    def under_embargo(self):
        """Releases with an embargo still running (hidden from the public whatever their status)."""
        return self.filter(embargo_until__gt=timezone.now())

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
            Prefetch("issuing_organisation_rows", queryset=IssuingOrganisation.objects.select_related("organisation")),
            "topics",
        )

    def with_page_related(self):
        """Everything a release page shows, in a fixed number of queries."""
        return self.prefetch_related(
            Prefetch(
                "issuing_organisation_rows",
                queryset=IssuingOrganisation.objects.select_related("organisation").prefetch_related(
                    "organisation__links"
                ),
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
            "change_notes",
        )

    def with_newest_change_note(self):
        """Each release with its newest public change note in three annotations (`newest_change_note_at`,
        `_es`, `_en`), read by `Release.newest_change_note` and `public_updated_at`.

        For feeds: their validators need every item's last public change before anything else is
        fetched (a 304 costs the release rows alone), and their items show the newest note, all
        without a query per release or one more prefetch.
        """
        newest = ChangeNote.objects.filter(release=OuterRef("pk")).order_by("-created_at", "-id")
        return self.annotate(
            newest_change_note_at=Subquery(newest.values("created_at")[:1]),
            newest_change_note_es=Subquery(newest.values("text_es")[:1]),
            newest_change_note_en=Subquery(newest.values("text_en")[:1]),
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
        # The workflow (releases/services.py): draft -> in review -> published -> withdrawn.
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

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
    background = models.TextField(
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
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_(
            "Changed only with the workflow buttons: writers submit drafts for review, editors publish, "
            "schedule and withdraw."
        ),
    )
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
        help_text=_(
            "While the embargo lasts the release stays hidden from the public, even when published; "
            "accredited journalists can read it through preview links. It becomes public at this moment."
        ),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawal_explanation = models.TextField(
        _("why it was withdrawn"),
        blank=True,
        editable=False,
        help_text=_("Shown on the withdrawn release’s page, which stays online but leaves lists and feeds."),
    )
    issuing_organisations = models.ManyToManyField(
        Organisation,
        through="IssuingOrganisation",
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
    # Optimistic locking: every save bumps it, and a save over a version the editor did not see
    # is refused (releases/admin.py), so two people editing at once never overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        permissions = [
            ("publish_release", _("Can publish, schedule and embargo releases and edit published ones")),
            ("withdraw_release", _("Can withdraw published releases")),
            ("manage_preview_links", _("Can create and revoke embargo preview links")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="release_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(published_at__isnull=False, withdrawn_at__isnull=False),
                name="release_withdrawn_has_dates",
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="release_unique_import_key"
            ),
            # An embargoed release goes out when the embargo ends: that is its publication time.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review"])
                | Q(embargo_until__isnull=True)
                | Q(published_at__gte=F("embargo_until")),
                name="release_public_after_embargo",
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
    def is_on_public_record(self):
        """The object-level twin of ReleaseQuerySet.public_record()."""
        if self.is_published:
            return True
        return (
            self.status == self.Status.WITHDRAWN
            and self.published_at <= self.withdrawn_at
            and (self.embargo_until is None or self.embargo_until <= self.withdrawn_at)
        )

    @property
    def is_scheduled(self):
        """Published for a time that has not come yet (the twin of ReleaseQuerySet.scheduled())."""
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def is_under_embargo(self):
        """The twin of ReleaseQuerySet.under_embargo()."""
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def public_since(self):
        """When the release became (or becomes) public: its publication time, or the end of its
        embargo when that came later. None until it is published."""
        if self.published_at is None or self.status not in (self.Status.PUBLISHED, self.Status.WITHDRAWN):
            return None
        return max(self.published_at, self.embargo_until or self.published_at)

    @property
    def newest_change_note(self):
        """The latest public change note, or None.

        From the annotations of ReleaseQuerySet.with_newest_change_note() when the release was
        fetched with them (an unsaved ChangeNote carrying both languages), else from its change
        notes (prefetched by with_page_related(), newest first).
        """
        if "newest_change_note_at" in self.__dict__:
            if self.newest_change_note_at is None:
                return None
            return ChangeNote(
                release=self,
                created_at=self.newest_change_note_at,
                text_es=self.newest_change_note_es,
                text_en=self.newest_change_note_en,
            )
        if self.pk is None:
            return None
        return next(iter(self.change_notes.all()), None)

    @property
    def languages(self):
        """The languages the release is written in: Spanish, its language of record, and any
        other it is translated into (see `content_language`)."""
        return [language for language, _name in settings.LANGUAGES if self.content_language(language) == language]

    @property
    def public_updated_at(self):
        """When the release last changed publicly: when it became public (public_since) or its newest
        change note, whichever is later. None until it is published.

        The one answer to "when did this release last change for the public": feeds give it as
        Atom's <updated> and build Last-Modified from it. An edit without a change note is not a
        public change (Atom's <updated> is for changes the publisher considers significant), though
        it still changes the feeds' ETag.
        """
        since = self.public_since
        if since is None:
            return None
        note = self.newest_change_note
        return max(since, note.created_at) if note is not None else since

    def can_be_edited_by(self, user):
        """Writers edit drafts and releases in review; anything published or withdrawn takes an editor."""
        if not user.has_perm("releases.change_release"):
            return False
        if self.status in (self.Status.DRAFT, self.Status.IN_REVIEW):
            return True
        return user.has_perm("releases.publish_release")

    @property
    def summary_points(self):
        return summary_points(self.summary)

    def content_language(self, language):
        """The language this release is read in when `language` is asked for.

        A release counts as translated when its headline and body are (the fields Spanish
        requires); otherwise it is read in Spanish, the language of record.
        """
        if all(getattr(self, f"{field}_{language}", None) for field in ("title", "body")):
            return language
        return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class IssuingOrganisation(models.Model):
    """One of the organisations that issue a release, in the order the release names them."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="issuing_organisation_rows")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="issuing_organisation_rows",
        verbose_name=_("organisation"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("issuing organisation")
        verbose_name_plural = _("issuing organisations")
        constraints = [
            models.UniqueConstraint(fields=["release", "organisation"], name="issuingorganisation_unique_organisation"),
            models.UniqueConstraint(fields=["release", "position"], name="issuingorganisation_unique_position"),
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


# --- The editorial workflow's records -------------------------------------------------------
#
# Change notes and audit events point at their release without a database constraint and are
# left alone when it is deleted: the record of what was said and done outlives the release, and
# a release recovered from its history (same primary key) finds them again. Reverting a release
# to an old revision does not touch them either, since they are not part of its revisions.


class ChangeNote(models.Model):
    """A public, dated correction note (“Updated 12 May 2024: corrected the date of the hearing”)."""

    release = models.ForeignKey(Release, on_delete=models.DO_NOTHING, db_constraint=False, related_name="change_notes")
    text = models.CharField(
        _("public change note"),
        max_length=500,
        help_text=_("Shown on the release page with today’s date, e.g. “Corrected the date of the hearing.”"),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")

    def __str__(self):
        return self.text


class ReleaseEvent(models.Model):
    """The audit trail: who did what to a release, and when. Written only by releases.services."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED_TO_DRAFT = "returned_to_draft", _("returned to draft")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        RESCHEDULED = "rescheduled", _("publication time changed")
        EMBARGO_SET = "embargo_set", _("embargo set")
        EMBARGO_CHANGED = "embargo_changed", _("embargo changed")
        EMBARGO_LIFTED = "embargo_lifted", _("embargo lifted")
        WITHDRAWN = "withdrawn", _("withdrawn")
        CHANGE_NOTE_ADDED = "change_note_added", _("public change note added")
        PREVIEW_LINK_CREATED = "preview_link_created", _("preview link created")
        PREVIEW_LINK_REVOKED = "preview_link_revoked", _("preview link revoked")
        RESTORED = "restored", _("restored from a revision")
        RECOVERED = "recovered", _("recovered after deletion")
        DELETED = "deleted", _("deleted")
        IMPORTED = "imported", _("imported from Markdown")

    release = models.ForeignKey(Release, on_delete=models.DO_NOTHING, db_constraint=False, related_name="events")
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_token(self, token):
        """The link a token belongs to (revoked and expired ones included), or None."""
        return self.select_related("release").filter(token_hash=PreviewLink.hash_token(token)).first()


class PreviewLink(models.Model):
    """A secret link that lets one accredited journalist read a release under embargo.

    Only a SHA-256 hash of the token is stored: the link is a bearer credential, so it is shown
    once, when it is created, and then exists only with the person it was sent to. Nobody who
    can read the database, a backup or the admin can recover a working link; a lost link is
    revoked and a new one made.
    """

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="preview_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    recipient = models.CharField(
        _("for"),
        max_length=200,
        help_text=_("Who the link is for: a name and outlet, e.g. “Ana López, El Universal”."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    expires_at = models.DateTimeField(_("expires"), help_text=_("At the end of the embargo at the latest."))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("revoked by")
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return self.recipient

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def shows_release(self):
        """Whether this link opens its release now: active, and the release still published and
        under embargo (a draft or withdrawn release is never shown through a link)."""
        release = self.release
        return self.is_active and release.status == Release.Status.PUBLISHED and release.is_under_embargo
