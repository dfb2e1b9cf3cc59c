"""The release (its topics: topics.py)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation
from newsroom import renditions
from newsroom.slugs import TranslatedSlugs, english_slug_field, unique_english_slug
from newsroom.uploads import UnguessableName, image_facts, validate_image
from releases.models.queries import ReleaseQuerySet
from releases.models.records import ChangeNote
from releases.models.states import PublicState, Status, public_since_of, public_state_of, public_updated_at_of
from releases.models.topics import Topic


def summary_points(text):
    """Summary text as a list of points: one per line, without any bullet an editor typed."""
    points = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-*•·–").strip()
        if line:
            points.append(line)
    return points


class Release(TranslatedSlugs, models.Model):
    Status = Status
    PublicState = PublicState

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
        help_text=_(
            "The last part of the release’s Spanish URL. After a change, the old address keeps "
            "redirecting to the new one."
        ),
    )
    slug_en = english_slug_field(max_length=200)
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
        help_text=_(
            "Changed only with the workflow buttons: writers submit drafts for review, editors publish, "
            "schedule and withdraw."
        ),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
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
        upload_to=UnguessableName("releases/images"),
        max_length=300,
        blank=True,
        db_index=True,  # the media view finds the release a file belongs to by its name
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
    # Upright (after its EXIF orientation): pages give them, and the widths of its renditions follow.
    featured_image_width = models.PositiveIntegerField(_("image width"), default=0, editable=False)
    featured_image_height = models.PositiveIntegerField(_("image height"), default=0, editable=False)
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
    # is refused (services.release_save), so two people editing at once never overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ReleaseQuerySet.as_manager()

    english_slug_source = "title_en"

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
            unique_english_slug("release"),
            # An embargoed release goes out when the embargo ends: that is its publication time.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review"])
                | Q(embargo_until__isnull=True)
                | Q(published_at__gte=F("embargo_until")),
                name="release_public_after_embargo",
            ),
        ]
        indexes = [
            # published() in list order (-published_at, -id), its status and embargo tested inside
            # the index: a page of the list, an archive or a feed reads its own rows and no others
            # (tests/test_query_plans.py). It also serves every other query by status or by
            # publication time, so neither has an index of its own: without statistics (SQLite
            # before ANALYZE) one on `status` alone looks selective, and SQLite would pick it,
            # then sort every published release.
            models.Index(fields=["published_at", "id", "status", "embargo_until"], name="release_public_order"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        measured = self.record_featured_image_facts()
        super().save(*args, **kwargs)
        self._stored_image_name = self.featured_image.name
        if measured and self.featured_image_width:
            # Made once the save is committed (never for an image that was rolled back); a failure
            # only means that the media view makes them on the first request instead.
            storage, name, width = self.featured_image.storage, self.featured_image.name, self.featured_image_width
            transaction.on_commit(lambda: renditions.make_renditions(storage, name, width), robust=True)

    def get_absolute_url(self):
        return reverse("releases:detail", kwargs=self._url_kwargs())

    def _url_kwargs(self):
        moment = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return {"year": moment.year, "month": moment.month, "slug": self.slug_for(get_language())}

    def contact_card_url(self, contact_id):
        """Where the vCard of one of its press contacts is downloaded (releases.views.contact_card)."""
        return reverse("releases:contact_card", kwargs={**self._url_kwargs(), "contact": contact_id})

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
        self.validate_slugs()

    def record_featured_image_facts(self):
        """Keep the featured image's size, type, width and height on the row when the image
        changes; True when it was measured (a new image)."""
        image = self.featured_image
        if not image:
            self.featured_image_size, self.featured_image_type = 0, ""
            self.featured_image_width = self.featured_image_height = 0
        elif (
            not image._committed  # a fresh upload
            or image.name != getattr(self, "_stored_image_name", None)  # another stored file
            or not self.featured_image_type  # not measured yet
        ):
            facts = image_facts(image)
            self.featured_image_size, self.featured_image_type = facts[:2]
            self.featured_image_width, self.featured_image_height = facts[2:]
            return True
        return False

    @property
    def public_state(self):
        """Where the release stands for the public right now: the object-level twin of
        ReleaseQuerySet.in_public_state() (both come from releases/models/states.py)."""
        return public_state_of(self.status, self.published_at, self.embargo_until, timezone.now())

    @property
    def is_published(self):
        """The object-level twin of ReleaseQuerySet.published()."""
        return self.public_state == PublicState.PUBLIC

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
    def is_under_embargo(self):
        """Whether an embargo is running, whatever the status (a draft may be planned under one)."""
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def public_since(self):
        """When the release became (or becomes) public: its publication time, or the end of its
        embargo when that came later. None until it is published."""
        return public_since_of(self.status, self.published_at, self.embargo_until)

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
        note = self.newest_change_note if since is not None else None
        return public_updated_at_of(since, note.created_at if note is not None else None)

    def can_be_edited_by(self, user):
        """Writers edit drafts and releases in review, their own and their colleagues' alike (a
        small team writes together, and every save is kept in the history, where it can be
        compared and undone); anything published or withdrawn takes an editor."""
        if not user.has_perm("releases.change_release"):
            return False
        if self.status in (self.Status.DRAFT, self.Status.IN_REVIEW):
            return True
        return user.has_perm("releases.publish_release")

    def can_be_deleted_by(self, user):
        """Writers delete only drafts they created themselves (a colleague's draft is not theirs
        to throw away, and one in review awaits an editor); editors delete any release, a public
        one included when it must go entirely (withdrawing keeps its page online). Every deletion
        is in the audit trail and can be recovered from the history."""
        if not user.has_perm("releases.delete_release"):
            return False
        if user.has_perm("releases.publish_release"):
            return True
        return self.status == self.Status.DRAFT and self.created_by_id is not None and self.created_by_id == user.pk

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
