"""Plain helpers that build valid objects with sensible defaults; tests override what they care about."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from contacts.models import Contact, Membership, Organisation, OrganisationLink
from releases.models import Attachment, IssuingOrganisation, MediaContact, ReferenceLink, Release, Topic

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def make_organisation(**fields):
    n = _next()
    fields.setdefault("name_es", f"Organización {n}")
    fields.setdefault("name_en", f"Organisation {n}")
    fields.setdefault("slug", f"organisation-{n}")
    fields.setdefault("is_publisher", True)
    return Organisation.objects.create(**fields)


def make_organisation_link(organisation, **fields):
    fields.setdefault("position", organisation.links.count())
    fields.setdefault("url", f"https://social.example/org-{_next()}")
    fields.setdefault("network", OrganisationLink.Network.OTHER)
    return OrganisationLink.objects.create(organisation=organisation, **fields)


def make_contact(**fields):
    n = _next()
    fields.setdefault("name", f"Persona {n}")
    fields.setdefault("role_es", "Prensa")
    fields.setdefault("email", f"persona{n}@newsroom.example")
    # Ten digits whatever the counter: past 9,999 a longer number would not be a phone number.
    fields.setdefault("phone", f"55-01{n // 10_000 % 100:02d}-{n % 10_000:04d}")
    fields.setdefault("is_public", True)
    return Contact.objects.create(**fields)


def make_topic(**fields):
    n = _next()
    fields.setdefault("name_es", f"Tema {n}")
    fields.setdefault("name_en", f"Topic {n}")
    fields.setdefault("slug", f"topic-{n}")
    return Topic.objects.create(**fields)


def make_release(*, issuing_organisations=(), **fields):
    """A published release from yesterday unless told otherwise.

    Under an embargo a published release goes out when the embargo ends, so that is its
    publication time unless another is given. A combination the workflow can never produce
    (public before its embargo ends) is refused, not quietly changed into another.
    """
    n = _next()
    fields.setdefault("title_es", f"Comunicado número {n}")
    fields.setdefault("title_en", f"Release number {n}")
    fields.setdefault("slug", f"release-{n}")
    fields.setdefault("summary_es", "Primer punto\nSegundo punto")
    fields.setdefault("body_es", "Texto del **comunicado**.")
    fields.setdefault("status", Release.Status.PUBLISHED)
    embargo_until = fields.get("embargo_until")
    if fields["status"] == Release.Status.PUBLISHED:
        fields.setdefault("published_at", embargo_until or timezone.now() - timedelta(days=1))
    going_out = fields["status"] in (Release.Status.PUBLISHED, Release.Status.WITHDRAWN)
    if going_out and embargo_until and fields.get("published_at") and fields["published_at"] < embargo_until:
        raise ValueError(
            f"A {fields['status']} release is public from the end of its embargo at the earliest: "
            f"published_at {fields['published_at']} is before embargo_until {embargo_until}."
        )
    release = Release.objects.create(**fields)
    for position, organisation in enumerate(issuing_organisations):
        IssuingOrganisation.objects.create(release=release, organisation=organisation, position=position)
    return release


def make_withdrawn_release(**fields):
    """A release that was public, then withdrawn: its names stay on the public record."""
    now = timezone.now()
    fields.setdefault("published_at", now - timedelta(days=2))
    fields.setdefault("withdrawn_at", now - timedelta(days=1))
    fields.setdefault("withdrawal_explanation_es", "Retirado.")
    return make_release(status=Release.Status.WITHDRAWN, **fields)


def unsaved_published_release(*, published_at, **fields):
    """A published release, not saved: for bulk_create, which bench/generate.py uses to fill a
    newsroom of 100,000 releases in minutes. Like every factory here it sets the state directly;
    the newsroom's own code changes a release's state through releases.services only."""
    return Release(status=Release.Status.PUBLISHED, published_at=published_at, **fields)


def make_full_release(**fields):
    """A release with every kind of related row, for pages and query budgets."""
    issuing_organisations = [make_organisation(), make_organisation()]
    for organisation in issuing_organisations:
        make_organisation_link(organisation)
    release = make_release(issuing_organisations=issuing_organisations, **fields)
    release.topics.add(make_topic())
    release.mentioned_organisations.add(make_organisation(is_publisher=False))
    for position in range(2):
        MediaContact.objects.create(
            release=release,
            spokesperson=make_contact(is_public=False, phone=""),
            press_contact=make_contact(),
            position=position,
        )
        ReferenceLink.objects.create(release=release, url=f"https://ref.example/{_next()}", position=position)
    return release


def make_media_contact(release, *, press_contact=None, spokesperson=None):
    """A media contact of `release`; its press contact is one journalists can reach (public, with a
    phone and an email) unless given: what publishing asks for (services.check_press_contacts)."""
    return MediaContact.objects.create(
        release=release,
        press_contact=press_contact or make_contact(),
        spokesperson=spokesperson,
        position=release.media_contacts.count(),
    )


def ready_to_publish(release):
    """`release` with a press contact to call, as publishing asks; returned for chaining."""
    make_media_contact(release)
    return release


def image_upload(name="picture.png", size=(40, 30), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def make_staff(username, *groups, **fields):
    """A staff member in the named groups ("Writers", "Editors": made by a migration)."""
    user = get_user_model().objects.create_user(username, f"{username}@newsroom.example", "pw", is_staff=True, **fields)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_attachment(release, **fields):
    fields.setdefault("title_es", f"Informe {_next()}")
    fields.setdefault("file", SimpleUploadedFile("informe.pdf", b"%PDF-1.7 " + b"x" * 2048))
    fields.setdefault("position", release.attachments.count())
    return Attachment.objects.create(release=release, **fields)


def make_membership(coalition, member):
    return Membership.objects.create(coalition=coalition, member=member)
