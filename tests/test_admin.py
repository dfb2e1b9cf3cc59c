import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from contacts.models import Organisation
from releases.models import ReferenceLink, Release
from tests.alerting import make_alert_rows
from tests.factories import (
    image_upload,
    make_contact,
    make_full_release,
    make_organisation,
    make_organisation_link,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("boss", "boss@newsroom.example", "pw")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # assertions below read English messages
    return client


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def moment_fields(name, moment):
    """How the admin's split date and time widgets post a moment (in the newsroom's time zone)."""
    if moment is None:
        return {f"{name}_0": "", f"{name}_1": ""}
    local = timezone.localtime(moment)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


def release_form(organisation, **fields):
    """POST data for the release add form with one issuing organisation and empty inlines."""
    data = {
        "title_es": "Comunicado de prueba",
        "title_en": "",
        "slug": "comunicado-de-prueba",
        "summary_es": "Un punto",
        "body_es": "Cuerpo",
        **inline_management("issuing_organisation_rows", total=1),
        "issuing_organisation_rows-0-organisation": str(organisation.pk),
        "issuing_organisation_rows-0-order": "1",
        **inline_management("media_contacts"),
        **inline_management("links"),
        **inline_management("attachments"),
    }
    data.update(fields)
    return data


def test_every_admin_page_loads_for_a_superuser(admin_client, admin_user):
    release = make_full_release()
    make_alert_rows(release)
    assert Group.objects.filter(name="Editors").exists()  # made by a migration, so there is one to open
    make_login_record(admin_user)
    as_superuser = RequestFactory().get("/")
    as_superuser.user = admin_user
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, info
        # The login record is written by the login, never by hand: its add page is refused.
        adding = 200 if model_admin.has_add_permission(as_superuser) else 403
        assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == adding, info
        obj = model._default_manager.first()
        assert obj is not None, f"no {info} to open"
        assert admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200, info
    # Filters and search of the releases list, as editors use them.
    changelist = reverse("admin:releases_release_changelist")
    organisation = release.issuing_organisations.first()
    for query in ["?status=published", f"?issuing_organisations__id__exact={organisation.pk}", "?q=Comunicado"]:
        response = admin_client.get(changelist + query)
        assert response.status_code == 200
        assert release.title in response.content.decode()


def make_login_record(user):
    """A second factor and a failed login of `user`, so that every admin page has a row to open."""
    from axes.models import AccessAttempt, AccessFailureLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="app")
    StaticDevice.objects.create(user=user, name="codes")
    record = {"username": user.username, "ip_address": "192.0.2.1", "user_agent": "test", "path_info": "/admin/login/"}
    AccessFailureLog.objects.create(**record)
    AccessAttempt.objects.create(**record, failures_since_start=1, get_data="", post_data="")


def test_admin_changelist_queries_do_not_grow_with_releases(admin_client, django_assert_max_num_queries):
    for _ in range(3):
        make_full_release()
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:releases_release_changelist"))
    for _ in range(20):
        make_full_release()
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:releases_release_changelist"))


def test_admin_shows_language_tabs_and_serves_jquery_ui_locally(admin_client):
    html = admin_client.get(reverse("admin:releases_release_add")).content.decode()
    assert 'name="title_es"' in html and 'name="title_en"' in html
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html


def test_autocomplete_finds_organisations_contacts_and_topics(admin_client):
    # The admin here is in English, so results show English names; search also finds Spanish ones.
    make_organisation(name_es="Núcleo de la Sociedad Civil", name_en="Civil Society Core Group")
    make_contact(name="Lucía Moguel")
    make_topic(name_es="Privacidad", name_en="Privacy")
    url = reverse("admin:autocomplete")
    for model_name, field, term, expected in [
        ("issuingorganisation", "organisation", "Núcleo", "Civil Society Core Group"),
        ("mediacontact", "press_contact", "Lucía", "Lucía Moguel"),
        ("release", "topics", "Priva", "Privacy"),
    ]:
        response = admin_client.get(
            url, {"app_label": "releases", "model_name": model_name, "field_name": field, "term": term}
        )
        assert response.status_code == 200
        assert expected in [result["text"].split(" (")[0] for result in response.json()["results"]]


def test_adding_a_release_records_who_and_keeps_the_issuing_organisations(admin_client, superuser):
    organisation = make_organisation()
    response = admin_client.post(reverse("admin:releases_release_add"), release_form(organisation))
    assert response.status_code == 302, response.context["adminform"].form.errors
    release = Release.objects.get(slug="comunicado-de-prueba")
    assert release.created_by == superuser and release.updated_by == superuser
    assert list(release.issuing_organisations.all()) == [organisation]


def test_featured_image_without_alt_text_is_refused(admin_client):
    organisation = make_organisation()
    data = release_form(organisation, featured_image=image_upload("foto.png"))
    response = admin_client.post(reverse("admin:releases_release_add"), data)
    assert response.status_code == 200
    assert "featured_image_alt_es" in response.context["adminform"].form.errors
    assert not Release.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"this is not a picture"), "not an image"),
        (SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'></svg>", content_type="image/svg+xml"), ""),
        (image_upload("logo.bmp", image_format="BMP"), "BMP images are not accepted"),
        (image_upload("logo.png", size=(3000, 2000)), "million pixels"),
    ],
)
def test_invalid_logo_upload_is_refused_with_a_form_error(admin_client, settings, upload, message):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 5_000_000
    data = {
        "name_es": "Organización",
        "slug": "organizacion",
        "kind": "civil_society",
        "logo": upload,
        **inline_management("links"),
        **inline_management("memberships"),
    }
    response = admin_client.post(reverse("admin:contacts_organisation_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "logo" in errors
    assert message in " ".join(errors["logo"])
    assert not Organisation.objects.exists()


def test_oversized_image_file_is_refused(admin_client, settings):
    settings.NEWSROOM_MAX_IMAGE_BYTES = 100
    data = {"name": "Persona", "photo": image_upload("foto.png", size=(200, 200))}
    response = admin_client.post(reverse("admin:contacts_contact_add"), data)
    assert response.status_code == 200
    assert "the limit is 100" in " ".join(response.context["adminform"].form.errors["photo"])


def test_attachment_whose_content_does_not_match_is_refused(admin_client):
    organisation = make_organisation()
    data = release_form(
        organisation,
        **inline_management("attachments", total=1),
        **{
            "attachments-0-title_es": "Informe",
            "attachments-0-file": SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 an executable"),
            "attachments-0-order": "1",
        },
    )
    response = admin_client.post(reverse("admin:releases_release_add"), data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][3].formset
    assert "does not match" in str(formset.errors)
    assert not Release.objects.exists()


def test_reordering_links_swaps_positions_without_an_error(admin_client):
    release = make_full_release()
    first, second = release.links.all()
    data = release_form(
        release.issuing_organisations.first(),
        slug=release.slug,
        seen_version=release.version,
        **moment_fields("published_at", release.published_at),
        **inline_management("issuing_organisation_rows", total=2, initial=2),
        **inline_management("media_contacts", total=2, initial=2),
        **inline_management("links", total=2, initial=2),
    )
    for index, row in enumerate(release.issuing_organisation_rows.all()):
        data.update({
            f"issuing_organisation_rows-{index}-id": row.pk,
            f"issuing_organisation_rows-{index}-release": release.pk,
            f"issuing_organisation_rows-{index}-organisation": row.organisation_id,
            f"issuing_organisation_rows-{index}-order": index + 1,
        })  # fmt: skip
    for index, pair in enumerate(release.media_contacts.all()):
        data.update({
            f"media_contacts-{index}-id": pair.pk,
            f"media_contacts-{index}-release": release.pk,
            f"media_contacts-{index}-spokesperson": pair.spokesperson_id,
            f"media_contacts-{index}-press_contact": pair.press_contact_id,
            f"media_contacts-{index}-order": index + 1,
        })  # fmt: skip
    for index, (link, order) in enumerate([(first, 2), (second, 1)]):
        data.update({
            f"links-{index}-id": link.pk,
            f"links-{index}-release": release.pk,
            f"links-{index}-url": link.url,
            f"links-{index}-order": order,
        })  # fmt: skip
    response = admin_client.post(reverse("admin:releases_release_change", args=[release.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert list(ReferenceLink.objects.filter(release=release).values_list("pk", "position")) == [
        (second.pk, 0),
        (first.pk, 1),
    ]


def test_release_admin_has_view_on_site(admin_client):
    release = make_full_release()
    html = admin_client.get(reverse("admin:releases_release_change", args=[release.pk])).content.decode()
    assert "viewsitelink" in html


def test_a_new_social_link_given_order_1_goes_first(admin_client):
    organisation = make_organisation(slug="nucleo")
    old = make_organisation_link(organisation, url="https://x.com/nucleo", network="x")
    data = {
        "name_es": organisation.name_es,
        "slug": "nucleo",
        "kind": "coalition",
        **inline_management("links", total=2, initial=1),
        "links-0-id": old.pk,
        "links-0-organisation": organisation.pk,
        "links-0-network": "x",
        "links-0-url": old.url,
        "links-0-order": "1",
        "links-1-network": "facebook",
        "links-1-url": "https://www.facebook.com/nucleo",
        "links-1-order": "1",
        **inline_management("memberships"),
    }
    response = admin_client.post(reverse("admin:contacts_organisation_change", args=[organisation.pk]), data)
    assert response.status_code == 302
    # Same order number: the row higher on the page wins; positions stay 0, 1.
    assert [(link.url, link.position) for link in organisation.links.all()] == [
        ("https://x.com/nucleo", 0),
        ("https://www.facebook.com/nucleo", 1),
    ]
    facebook = organisation.links.get(network="facebook")
    data.update({"links-INITIAL_FORMS": "2", "links-1-id": facebook.pk, "links-1-organisation": organisation.pk})
    data.update({"links-0-order": "2", "links-1-order": "1"})
    response = admin_client.post(reverse("admin:contacts_organisation_change", args=[organisation.pk]), data)
    assert response.status_code == 302
    assert [link.url for link in organisation.links.all()] == [
        "https://www.facebook.com/nucleo",
        "https://x.com/nucleo",
    ]
