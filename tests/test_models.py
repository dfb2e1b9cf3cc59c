from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contacts.models import Contact, Membership, Organisation, OrganisationLink, format_phone
from releases.models import Attachment, IssuingOrganisation, MediaContact, ReferenceLink, Release
from tests.factories import (
    make_contact,
    make_organisation,
    make_organisation_link,
    make_release,
    make_topic,
)

pytestmark = pytest.mark.django_db


def assert_integrity_error(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- published(): the one definition of what the public may see -------------------------

NOW = timezone.now()
PAST = NOW - timedelta(hours=1)
FUTURE = NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "published_at", "embargo_until", "public"),
    [
        (Release.Status.PUBLISHED, PAST, None, True),
        (Release.Status.PUBLISHED, PAST, PAST, True),
        (Release.Status.PUBLISHED, FUTURE, FUTURE, False),  # under embargo: goes out when it ends
        (Release.Status.PUBLISHED, FUTURE, None, False),
        (Release.Status.PUBLISHED, FUTURE, PAST, False),
        (Release.Status.DRAFT, PAST, None, False),
        (Release.Status.DRAFT, None, None, False),
        (Release.Status.DRAFT, FUTURE, None, False),
    ],
)
def test_published_and_is_published_agree(status, published_at, embargo_until, public):
    release = make_release(status=status, published_at=published_at, embargo_until=embargo_until)
    assert Release.objects.published().filter(pk=release.pk).exists() is public
    assert release.is_published is public


LATER = NOW + timedelta(hours=2)
PublicState = Release.PublicState


@pytest.mark.parametrize(
    ("status", "published_at", "embargo_until", "state"),
    [
        (Release.Status.DRAFT, None, None, PublicState.DRAFT),
        (Release.Status.DRAFT, FUTURE, FUTURE, PublicState.DRAFT),  # planned under an embargo
        (Release.Status.IN_REVIEW, PAST, None, PublicState.IN_REVIEW),
        (Release.Status.PUBLISHED, PAST, None, PublicState.PUBLIC),
        (Release.Status.PUBLISHED, PAST, PAST, PublicState.PUBLIC),
        (Release.Status.PUBLISHED, FUTURE, None, PublicState.SCHEDULED),
        (Release.Status.PUBLISHED, FUTURE, PAST, PublicState.SCHEDULED),
        (Release.Status.PUBLISHED, FUTURE, FUTURE, PublicState.EMBARGOED),  # public when the embargo ends
        (Release.Status.PUBLISHED, LATER, FUTURE, PublicState.EMBARGOED),  # embargoed, then scheduled
        (Release.Status.WITHDRAWN, PAST, None, PublicState.WITHDRAWN),
    ],
)
def test_in_public_state_and_public_state_agree(status, published_at, embargo_until, state):
    withdrawn_at = NOW if status == Release.Status.WITHDRAWN else None
    release = make_release(
        status=status, published_at=published_at, embargo_until=embargo_until, withdrawn_at=withdrawn_at
    )
    for each in PublicState:
        assert Release.objects.in_public_state(each).filter(pk=release.pk).exists() is (each == state), each
    assert release.public_state == state
    assert Release.objects.in_public_state(*PublicState).filter(pk=release.pk).count() == 1


def test_the_factory_refuses_a_release_public_before_its_embargo_ends():
    with pytest.raises(ValueError, match="public from the end of its embargo"):
        make_release(published_at=PAST, embargo_until=FUTURE)
    assert not Release.objects.exists()


def test_publishing_without_a_date_publishes_now():
    # Publishing is the services' (the model no longer fills the time in on save).
    from releases import services
    from tests.factories import make_staff, ready_to_publish

    release = ready_to_publish(make_release(status=Release.Status.DRAFT))
    services.release_publish(release=release, actor=make_staff("boss", is_superuser=True))
    assert release.published_at is not None
    assert release.published_at <= timezone.now()
    assert release.is_published


def test_a_published_release_must_have_a_date_in_the_database():
    release = make_release()
    assert_integrity_error(lambda: Release.objects.filter(pk=release.pk).update(published_at=None))


def test_organisation_page_reaches_only_published_releases_through_the_reverse_relation():
    organisation = make_organisation()
    shown = make_release(issuing_organisations=[organisation])
    make_release(issuing_organisations=[organisation], status=Release.Status.DRAFT)
    assert list(organisation.releases.published()) == [shown]


# --- Release ----------------------------------------------------------------------------


def test_release_str_is_its_title():
    assert (
        str(make_release(title_es="Por espionaje, sociedad civil concluye")) == "Por espionaje, sociedad civil concluye"
    )


def test_release_slug_is_unique():
    make_release(slug="mismo")
    assert_integrity_error(lambda: make_release(slug="mismo"))


def test_release_url_has_language_year_month_and_slug():
    release = make_release(slug="por-espionaje", published_at=timezone.make_aware(datetime(2017, 5, 23, 10)))
    assert release.get_absolute_url() == "/es/comunicados/2017/05/por-espionaje/"


def test_release_url_uses_the_newsroom_time_zone():
    # 02:00 UTC on 1 June is still 31 May in Mexico City.
    moment = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)
    assert make_release(slug="junio", published_at=moment).get_absolute_url() == "/es/comunicados/2024/05/junio/"


def test_summary_points_are_one_per_line_without_bullets():
    release = make_release(summary_es="- Primer punto\n\n* Segundo punto  \n• Tercero")
    assert release.summary_points == ["Primer punto", "Segundo punto", "Tercero"]


def test_clean_normalises_the_stored_summary():
    release = make_release(summary_es="- uno\n\n- dos")
    release.clean()
    assert release.summary_es == "uno\ndos"


def test_featured_image_needs_alt_text():
    release = make_release()
    release.featured_image = "releases/images/x.jpg"
    with pytest.raises(ValidationError) as error:
        release.clean()
    assert "featured_image_alt_es" in error.value.message_dict


def test_english_falls_back_to_spanish():
    from django.utils import translation

    release = make_release(title_es="Solo en español", title_en="")
    with translation.override("en"):
        assert release.title == "Solo en español"


# --- Ordered, related rows ---------------------------------------------------------------


def test_issuing_organisations_are_unique_and_ordered():
    first, second = make_organisation(), make_organisation()
    release = make_release(issuing_organisations=[second, first])
    assert [s.organisation for s in release.issuing_organisation_rows.all()] == [second, first]
    assert str(release.issuing_organisation_rows.first()) == str(second)
    assert_integrity_error(lambda: IssuingOrganisation.objects.create(release=release, organisation=first, position=5))
    assert_integrity_error(
        lambda: IssuingOrganisation.objects.create(release=release, organisation=make_organisation(), position=0)
    )


def test_reference_link_has_one_position_per_release_and_shows_url_without_label():
    release = make_release()
    link = ReferenceLink.objects.create(release=release, url="https://citizenlab.example/report", position=0)
    assert str(link) == "https://citizenlab.example/report"
    link.label_es = "Informe"
    assert str(link) == "Informe"
    assert_integrity_error(lambda: ReferenceLink.objects.create(release=release, url="https://b.example", position=0))


def test_reference_link_url_is_validated():
    link = ReferenceLink(release=make_release(), url="javascript:alert(1)", position=0)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "url" in error.value.message_dict


def test_media_contact_pairs_spokesperson_and_press_contact():
    release = make_release()
    spokesperson = make_contact(name="Tomás Severino", is_public=False)
    press = make_contact(name="Lucía Moguel")
    pair = MediaContact.objects.create(release=release, spokesperson=spokesperson, press_contact=press, position=0)
    assert str(pair) == "Para entrevistas con Tomás Severino comunicarse con Lucía Moguel"
    alone = MediaContact.objects.create(release=release, press_contact=spokesperson, position=1)
    assert str(alone) == "Tomás Severino"


def test_media_contact_people_must_differ():
    release = make_release()
    person = make_contact()
    pair = MediaContact(release=release, spokesperson=person, press_contact=person, position=0)
    with pytest.raises(ValidationError):
        pair.clean()
    assert_integrity_error(lambda: pair.save())


def test_media_contact_position_is_unique():
    release = make_release()
    MediaContact.objects.create(release=release, press_contact=make_contact(), position=0)
    assert_integrity_error(
        lambda: MediaContact.objects.create(release=release, press_contact=make_contact(), position=0)
    )


def test_attachment_records_size_and_kind():
    from django.core.files.uploadedfile import SimpleUploadedFile

    release = make_release()
    attachment = Attachment.objects.create(
        release=release,
        title_es="Informe",
        file=SimpleUploadedFile("informe.pdf", b"%PDF-1.7 test"),
        position=0,
    )
    assert attachment.size == len(b"%PDF-1.7 test")
    assert attachment.kind == "PDF"
    assert str(attachment) == "Informe"
    assert_integrity_error(
        lambda: Attachment.objects.create(
            release=release, title_es="Otro", file=SimpleUploadedFile("otro.pdf", b"%PDF-1.7"), position=0
        )
    )


def test_topic_str_and_unique_slug():
    topic = make_topic(name_es="Privacidad", slug="privacidad")
    assert str(topic) == "Privacidad"
    assert_integrity_error(lambda: make_topic(slug="privacidad"))


# --- Organisations and contacts ---------------------------------------------------------


def test_organisation_str_and_display_name():
    organisation = make_organisation(name_es="Red en Defensa de los Derechos Digitales", short_name="R3D")
    assert str(organisation) == "Red en Defensa de los Derechos Digitales"
    assert organisation.display_name == "Red en Defensa de los Derechos Digitales (R3D)"
    assert organisation.get_absolute_url() == f"/es/organizaciones/{organisation.slug}/"


def test_organisation_slug_is_unique():
    make_organisation(slug="nosc")
    assert_integrity_error(lambda: make_organisation(slug="nosc"))


def test_publishers_are_only_organisations_that_publish():
    publisher = make_organisation(is_publisher=True)
    make_organisation(is_publisher=False)
    assert list(Organisation.objects.publishers()) == [publisher]


def test_coalition_has_members_and_members_know_their_coalitions():
    coalition = make_organisation(kind=Organisation.Kind.COALITION)
    members = [make_organisation(), make_organisation()]
    for member in members:
        Membership.objects.create(coalition=coalition, member=member)
    assert set(coalition.members.all()) == set(members)
    assert list(members[0].member_of.all()) == [coalition]
    assert str(Membership.objects.first()) == f"{members[0]} ∈ {coalition}"
    assert_integrity_error(lambda: Membership.objects.create(coalition=coalition, member=members[0]))


def test_coalition_cannot_be_its_own_member():
    coalition = make_organisation(kind=Organisation.Kind.COALITION)
    membership = Membership(coalition=coalition, member=coalition)
    with pytest.raises(ValidationError):
        membership.clean()
    assert_integrity_error(lambda: membership.save())


def test_organisation_link_is_unique_per_position_and_url():
    organisation = make_organisation(name_es="Núcleo")
    link = make_organisation_link(organisation, network="facebook", url="https://www.facebook.com/Nucleo")
    assert str(link) == "Núcleo: Facebook"
    assert_integrity_error(lambda: make_organisation_link(organisation, position=0))
    assert_integrity_error(lambda: make_organisation_link(organisation, url="https://www.facebook.com/Nucleo"))


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("https://www.facebook.com/GobiernoAbiertoMX/", "facebook"),
        ("https://twitter.com/GobAbierto_MX", "x"),
        ("https://x.com/GobAbierto_MX", "x"),
        ("https://mastodon.social/@nucleo", "mastodon"),
        ("https://bsky.app/profile/nucleo.bsky.social", "bluesky"),
        ("https://www.youtube.com/@nucleo", "youtube"),
        ("https://www.linkedin.com/company/nucleo", "linkedin"),
        ("https://www.instagram.com/nucleo/", "instagram"),
        ("https://gobabierto.example/", "other"),
    ],
)
def test_network_is_recognised_from_the_url(url, network):
    assert OrganisationLink.Network.from_url(url) == network


def test_contact_str_names_the_organisation():
    organisation = make_organisation(name_es="Artículo Diecinueve", short_name="A19")
    assert str(make_contact(name="Lucía Moguel", organisation=organisation)) == "Lucía Moguel (A19)"
    assert str(make_contact(name="Sin Organización")) == "Sin Organización"


def test_contact_email_is_unique_ignoring_case_but_may_be_empty():
    make_contact(email="prensa@nucleo.example")
    assert_integrity_error(lambda: make_contact(email="Prensa@Nucleo.example"))
    make_contact(email="")
    make_contact(email="")


def test_contact_email_is_validated():
    contact = Contact(name="X", email="not-an-email")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "email" in error.value.message_dict


def test_contact_clean_trims_and_rejects_nonsense_phones():
    contact = Contact(name="  Lucía   Moguel ", email=" LMoguel@Example.org ", phone=" 55-40-65-84-22 ")
    contact.clean()
    assert (contact.name, contact.email, contact.phone) == ("Lucía Moguel", "lmoguel@example.org", "55-40-65-84-22")
    for field in ("phone", "mobile"):
        contact = Contact(name="Lucía Moguel", **{field: "call me"})
        with pytest.raises(ValidationError) as error:
            contact.full_clean()
        assert field in error.value.message_dict


def test_phone_numbers_get_tel_links_in_e164():
    # One format in every language: the international one, with the country code.
    assert format_phone("55-40-65-84-22") == ("+52 55 4065 8422", "tel:+525540658422", "")
    assert format_phone("+44 20 7946 0958") == ("+44 20 7946 0958", "tel:+442079460958", "")
    assert format_phone("55 1234 5678 ext. 12").tel == "tel:+525512345678;ext=12"
    assert format_phone("extensión") == ("extensión", "", "")
    assert format_phone("") == ("", "", "")
    contact = make_contact(phone="55-40-65-84-22", mobile="55-35-21-25-21")
    assert [(number.kind, number.tel) for number in contact.phone_numbers] == [
        ("phone", "tel:+525540658422"),
        ("mobile", "tel:+525535212521"),
    ]
