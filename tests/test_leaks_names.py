"""The names walk: the organisations, people and topics that only hidden releases name (an
embargoed joint statement's new co-signer, its new spokesperson, its new topic) appear on no
public surface, in either language, and their own pages and feeds are not found, until a release
naming them is on the public record or an editor lists them (issue 10).

Hidden, here, is every state tests/test_leaks.py walks, and a release withdrawn before its
publication time came (never on the public record). A release withdrawn after it was public
keeps its names on the record.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Contact, Organisation
from releases import services
from releases.feed_discovery import feed_path
from releases.feeds import FORMATS
from releases.models import MediaContact, Release, Topic
from tests.factories import make_contact, make_membership, make_organisation, make_release, make_topic
from tests.test_leaks import HIDDEN_STATES, HOUR, archive_url

pytestmark = pytest.mark.django_db

NAMES_HIDDEN_STATES = {
    **HIDDEN_STATES,
    # Withdrawn before its publication time came: it never was on the public record.
    "withdrawn before it was public": lambda: {
        "status": Release.Status.WITHDRAWN,
        "published_at": timezone.now() + HOUR,
        "withdrawn_at": timezone.now(),
    },
}


@dataclass
class Names:
    """A hidden release and the names only it gives: a new co-signer, an organisation it
    mentions, a topic, and the people of its media contact (public details): a press contact of
    the new co-signer, a new spokesperson of the public coalition."""

    release: Release
    organisation: Organisation
    mentioned: Organisation
    topic: Topic
    press_contact: Contact
    spokesperson: Contact

    def secrets(self):
        people = [self.press_contact.name, self.press_contact.email, self.press_contact.phone, self.spokesperson.name]
        return [
            *(getattr(self.organisation, name) for name in ("name_es", "name_en", "short_name", "slug", "slug_en")),
            *(getattr(self.mentioned, name) for name in ("name_es", "name_en", "slug", "slug_en")),
            *(getattr(self.topic, name) for name in ("name_es", "name_en", "slug", "slug_en")),
            *people,
        ]


def hidden_names(state, public_coalition):
    key = state.replace(" ", "-")
    organisation = make_organisation(
        name_es=f"Colectivo Reservado {key}", name_en=f"Reserved Collective {key}", short_name="CRXQ", slug=f"cr-{key}"
    )
    make_membership(public_coalition, organisation)  # the public coalition's page lists its members
    names = Names(
        release=make_release(issuing_organisations=[public_coalition, organisation], **NAMES_HIDDEN_STATES[state]()),
        organisation=organisation,
        mentioned=make_organisation(
            name_es=f"Instituto Sombra {key}", name_en=f"Shadow Institute {key}", slug=f"sombra-{key}"
        ),
        topic=make_topic(name_es=f"Tema Reservado {key}", name_en=f"Reserved Topic {key}", slug=f"tema-{key}"),
        press_contact=make_contact(name=f"Prensa Reservada {key}", organisation=organisation, phone="55-0199-4321"),
        # A new spokesperson of the public coalition, details public: its page must not list her yet.
        spokesperson=make_contact(name=f"Vocera Reservada {key}", organisation=public_coalition),
    )
    # Someone an editor listed works for the hidden organisation: listed, without naming it.
    make_contact(name="Enlace Listado", organisation=organisation, is_listed=True)
    names.release.topics.add(names.topic)
    names.release.mentioned_organisations.add(names.mentioned)
    MediaContact.objects.create(
        release=names.release, press_contact=names.press_contact, spokesperson=names.spokesperson, position=0
    )
    return names


def public_newsroom():
    """A public coalition (an editor listed it) with a published release on a public topic."""
    coalition = make_organisation(name_es="Red Pública", slug="red-publica", is_listed=True)
    release = make_release(title_es="Comunicado visible", title_en="Visible release", issuing_organisations=[coalition])
    release.topics.add(make_topic(slug="tema-publico"))
    return coalition


def feeds(kind, subject=lambda names: None):
    return [
        (f"{kind} feed ({feed_format})", lambda names, f=feed_format: feed_path(kind, f, subject(names)))
        for feed_format in FORMATS
    ]


def visible(names):
    return Release.objects.published().get()


# (name, URL given the Names). PUBLIC_PAGES must answer 200 and not name them; their own pages and
# feeds (OWN_PAGES) must not be found, nor name them.
PUBLIC_PAGES = [
    ("home", lambda names: reverse("releases:home")),
    ("release list", lambda names: reverse("releases:list")),
    (
        "release list, filtered by the hidden organisation",
        lambda n: f"{reverse('releases:list')}?organisation={n.organisation.slug}",
    ),
    ("archive of the year", lambda names: archive_url(visible(names))),
    ("search", lambda names: f"{reverse('releases:search')}?q=comunicado"),
    (
        "search, filtered by the hidden topic",
        lambda n: f"{reverse('releases:search')}?q=comunicado&topic={n.topic.slug}",
    ),
    ("the published release's page", lambda names: visible(names).get_absolute_url()),
    ("topic list", lambda names: reverse("topics:list")),
    ("the public topic", lambda names: Topic.objects.get(slug="tema-publico").get_absolute_url()),
    ("organisation list", lambda names: reverse("contacts:organisation_list")),
    (
        "the public coalition (the hidden one is a member)",
        lambda names: Organisation.objects.get(slug="red-publica").get_absolute_url(),
    ),
    ("press contacts", lambda names: reverse("contacts:press_contacts")),
    ("subscribe page", lambda names: reverse("releases:subscribe")),
    ("email alerts sign-up", lambda names: reverse("alerts:subscribe")),
    (
        "email alerts sign-up, the hidden organisation asked for",
        lambda n: f"{reverse('alerts:subscribe')}?organisations={n.organisation.pk}&topics={n.topic.pk}",
    ),
    *feeds("all"),
    ("sitemap", lambda names: reverse("site:sitemap")),
]
OWN_PAGES = [
    ("the hidden organisation", lambda names: names.organisation.get_absolute_url()),
    ("the mentioned organisation", lambda names: names.mentioned.get_absolute_url()),
    ("the topic", lambda names: names.topic.get_absolute_url()),
    *feeds("organisation", lambda names: names.organisation),
    *feeds("organisation", lambda names: names.mentioned),
    *feeds("topic", lambda names: names.topic),
]


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("state", NAMES_HIDDEN_STATES)
def test_names_only_hidden_releases_give_appear_on_no_public_surface(client, settings, state, language):
    settings.DEBUG = False  # the real 404 page
    names = hidden_names(state, public_newsroom())
    assert "Enlace Listado" in client.get(reverse("contacts:press_contacts")).content.decode()
    for surface, url_for, status in [(*page, 200) for page in PUBLIC_PAGES] + [(*page, 404) for page in OWN_PAGES]:
        with translation.override(language):
            url = url_for(names)
        response = client.get(url)
        assert response.status_code == status, (surface, url, response.status_code)
        html = response.content.decode()
        for secret in names.secrets():
            # A 404 page (its language switcher) and a refused filter repeat what the visitor typed.
            if secret in url:
                continue
            assert secret not in html, f"{surface} ({language}) names {secret!r}, which only a release {state} gives"


def test_the_names_walk_finds_them_once_public_so_it_can_fail(client, editor):
    """Once the release is public, or once an editor lists them, the same names are on the surfaces."""
    names = hidden_names("draft", public_newsroom())
    editor_listed = make_organisation(name_es="Listada por Edición", slug="listada")
    editor_listed.is_listed = True
    editor_listed.save()
    assert "Listada por Edición" in client.get(reverse("contacts:organisation_list")).content.decode()
    services.release_publish(release=names.release, actor=editor)
    for url, secret in [
        (reverse("contacts:organisation_list"), names.organisation.name_es),
        (reverse("contacts:organisation_list"), names.mentioned.name_es),
        (reverse("contacts:press_contacts"), names.press_contact.email),
        (reverse("topics:list"), names.topic.name_es),
        (reverse("releases:subscribe"), names.topic.name_es),
        (reverse("alerts:subscribe"), names.organisation.name_es),
        (reverse("site:sitemap"), names.topic.slug),
        (reverse("contacts:organisation", args=["red-publica"]), names.organisation.name_es),
        (names.topic.get_absolute_url(), names.topic.name_es),
        (names.organisation.get_absolute_url(), names.press_contact.name),
        (feed_path("organisation", "rss", names.mentioned), names.mentioned.name_es),
    ]:
        response = client.get(url)
        assert response.status_code == 200 and secret in response.content.decode(), (url, secret)


def test_names_of_a_release_withdrawn_after_it_was_public_stay_on_the_record(client, editor):
    names = hidden_names("draft", public_newsroom())
    services.release_publish(release=names.release, actor=editor, at=timezone.now() - HOUR)
    services.release_withdraw(release=names.release, actor=editor, explanation_es="Retirado.")
    assert client.get(names.topic.get_absolute_url()).status_code == 200
    assert client.get(names.organisation.get_absolute_url()).status_code == 200
    assert names.press_contact.email in client.get(reverse("contacts:press_contacts")).content.decode()
