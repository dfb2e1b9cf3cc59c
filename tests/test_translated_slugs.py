"""English URLs with English slugs: made from the English text when empty, unique in both
languages, and every address that ever worked redirecting permanently to today's."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from releases.models import Release
from tests.factories import make_organisation, make_release, make_topic

pytestmark = pytest.mark.django_db


def english(obj):
    with translation.override("en"):
        return obj.get_absolute_url()


def spanish(obj):
    with translation.override("es"):
        return obj.get_absolute_url()


def redirects(client, url, to):
    response = client.get(url)
    assert response.status_code == 301, (url, response.status_code)
    assert response["Location"] == to
    assert client.get(to).status_code == 200


def test_an_english_slug_is_made_from_the_english_text_and_used_by_english_urls():
    release = make_release(slug="salida-de-la-mesa", title_en="Leaving the Roundtable")
    topic = make_topic(slug="privacidad", name_en="Privacy")
    organisation = make_organisation(slug="red-ciudadana", name_en="Citizens' Network")
    assert (release.slug_en, topic.slug_en, organisation.slug_en) == (
        "leaving-the-roundtable",
        "privacy",
        "citizens-network",
    )
    assert english(release).endswith("/leaving-the-roundtable/") and "/es/" not in english(release)
    assert release.get_absolute_url().endswith("/salida-de-la-mesa/")
    assert english(topic) == "/en/topics/privacy/" and english(organisation) == "/en/organisations/citizens-network/"


def test_an_untranslated_release_keeps_the_spanish_slug_in_english_until_it_is_translated():
    release = make_release(slug="solo-espanol", title_en="")
    assert release.slug_en == "" and english(release).endswith("/solo-espanol/")
    release.title_en = "Spanish only no more"
    release.save()
    assert release.slug_en == "spanish-only-no-more"


def test_english_slugs_are_unique_in_both_languages_and_short():
    make_release(slug="privacy", title_en="Something else")
    first = make_release(slug="uno", title_en="Privacy")
    second = make_release(slug="dos", title_en="Privacy")
    assert (first.slug_en, second.slug_en) == ("privacy-2", "privacy-3")
    long = make_release(title_en=" ".join(["word"] * 60))
    assert len(long.slug_en) <= 80 and not long.slug_en.endswith("-") and long.slug_en.endswith("word")


def test_a_slug_used_by_another_object_in_either_language_is_refused():
    make_topic(slug="datos", name_en="Data")
    topic = make_topic(slug="otro", name_en="Other")
    topic.slug_en = "datos"
    with pytest.raises(ValidationError) as error:
        topic.full_clean()
    assert "slug_en" in error.value.message_dict
    topic.slug_en, topic.slug = "other", "data"
    with pytest.raises(ValidationError) as error:
        topic.full_clean()
    assert "slug" in error.value.message_dict


def test_the_spanish_slug_on_an_english_url_redirects_permanently_to_the_english_one(client):
    release = make_release(slug="salida", title_en="Leaving")
    spanish_on_english = english(release).replace("/leaving/", "/salida/")
    redirects(client, spanish_on_english, english(release))
    # And the other way round: an English slug on a Spanish URL leads to the Spanish page.
    redirects(client, spanish(release).replace("/salida/", "/leaving/"), spanish(release))
    release.topics.add(make_topic(slug="privacidad", name_en="Privacy"))  # listed: a public release uses it
    redirects(client, "/en/topics/privacidad/?year=2024", "/en/topics/privacy/?year=2024")
    organisation = make_organisation(slug="red", name_en="Network", is_listed=True)
    redirects(client, "/en/organisations/red/", english(organisation))


def test_a_changed_slug_keeps_redirecting_so_shared_links_keep_working(client):
    release = make_release(slug="primera-version", title_en="First version")
    old_spanish, old_english = spanish(release), english(release)
    release.slug, release.slug_en = "segunda-version", "second-version"
    release.save()
    release.slug_en = "third-version"
    release.save()
    assert set(release.former_slugs.values_list("slug", flat=True)) == {
        "primera-version",
        "first-version",
        "second-version",
    }
    redirects(client, old_spanish, spanish(release))
    redirects(client, old_english, english(release))
    redirects(client, english(release).replace("third-version", "second-version"), english(release))
    # A former slug given back is current again.
    release.slug = "primera-version"
    release.save()
    assert not release.former_slugs.filter(slug="primera-version").exists()
    assert client.get(old_spanish).status_code == 200


def test_a_slug_in_use_wins_over_a_former_one(client):
    moved = make_release(slug="nombre", title_en="")
    moved.slug = "nombre-nuevo"
    moved.save()
    taker = make_release(slug="nombre", title_en="", published_at=moved.published_at)
    assert client.get(spanish(taker)).status_code == 200


def test_former_slugs_of_topics_and_organisations_redirect(client):
    topic = make_topic(slug="vigilancia", name_en="Surveillance")
    make_release().topics.add(topic)
    topic.slug = "vigilancia-estatal"
    topic.save()
    redirects(client, "/es/temas/vigilancia/", "/es/temas/vigilancia-estatal/")
    organisation = make_organisation(slug="r3d", name_en="R3D Network", is_listed=True)
    organisation.slug_en = "r3d"
    organisation.save()
    redirects(client, "/en/organisations/r3d-network/", "/en/organisations/r3d/")


def test_hidden_releases_are_not_revealed_by_a_former_or_english_slug(client):
    draft = make_release(slug="borrador", title_en="Draft", status=Release.Status.DRAFT)
    assert client.get(english(draft)).status_code == 404
    assert client.get(english(draft).replace("/draft/", "/borrador/")).status_code == 404


def test_names_not_listed_yet_are_not_revealed_by_a_former_or_english_slug(client):
    """A topic or an organisation only hidden releases name (issue 10.4): no slug of theirs leads
    anywhere, not even a redirect that would tell their slug of today."""
    topic = make_topic(slug="tema-viejo", name_en="Old topic")
    make_release(status=Release.Status.DRAFT).topics.add(topic)
    topic.slug = "tema-nuevo"
    topic.save()
    organisation = make_organisation(slug="org-vieja", name_en="Old organisation")
    organisation.slug = "org-nueva"
    organisation.save()
    for url in ["/es/temas/tema-viejo/", "/es/temas/tema-nuevo/", "/en/topics/old-topic/", "/en/topics/tema-nuevo/",
                "/es/organizaciones/org-vieja/", "/en/organisations/old-organisation/",
                "/en/organisations/org-nueva/", "/es/canales/temas/tema-viejo/rss/"]:  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_the_language_switcher_and_hreflang_use_each_languages_slug(client):
    release = make_release(slug="salida", title_en="Leaving", body_en="Text.")
    html = client.get(spanish(release)).content.decode()
    assert f'href="{english(release)}" hreflang="en" lang="en"' in html
    assert f'hreflang="en" href="http://testserver{english(release)}"' in html
    topic = make_topic(slug="privacidad", name_en="Privacy")
    release.topics.add(topic)
    html = client.get("/en/topics/privacy/").content.decode()
    assert 'href="/es/temas/privacidad/" hreflang="es" lang="es"' in html
    assert '<link rel="canonical" href="http://testserver/en/topics/privacy/">' in html
    assert topic.slug_for("es") == "privacidad"
