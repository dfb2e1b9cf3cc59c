"""Every public page costs a fixed number of queries, however much the newsroom holds.

Each page is measured with 3 releases and again with 40, each release with several issuing organisations,
media contacts, reference links, an attachment, topics and a mentioned organisation, so a
template that walks a relation nobody prefetched shows up as a count that grows.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from newsroom import fragments
from releases.models import MediaContact, ReferenceLink
from tests.factories import (
    image_upload,
    make_attachment,
    make_contact,
    make_membership,
    make_organisation,
    make_organisation_link,
    make_release,
    make_topic,
)

pytestmark = pytest.mark.django_db

# Measured as a page pays for its cards where none is stored yet (a new version of the code, until
# make_cards ends: releases/cards.py), one query more than with current stored cards, which spare
# it three: those reading the releases' rows, organisations and topics.
BUDGETS = {
    "home": ("/es/", 8),
    "home (en)": ("/en/", 8),
    "list": ("/es/comunicados/", 8),
    "list, filtered": ("/en/releases/?organisation=coalicion&topic=datos&year={year}", 9),
    "list, page 2": ("/es/comunicados/?page=2", 8),
    "archive by year": ("/es/comunicados/{year}/", 8),
    "archive by month": ("/en/releases/{year}/{month:02d}/", 8),
    "release page": ("{release}", 10),
    "release page (en)": ("{release_en}", 10),
    "organisation page": ("/es/organizaciones/coalicion/", 8),
    "organisation page (en)": ("{organisation_en}", 8),
    "organisations index": ("/es/organizaciones/", 8),
    "topic page": ("/es/temas/datos/", 8),
    "topics index": ("/en/topics/", 8),
    "press contacts": ("/es/contactos-de-prensa/", 8),
    "search": ("/es/buscar/?q=mexico", 9),
    "search, filtered (en)": ("/en/search/?q=mexico&organisation=coalicion&topic=datos", 9),
}


class Newsroom:
    """A newsroom that grows: a coalition co-signs every release with a member and a guest."""

    def __init__(self):
        self.coalition = make_organisation(slug="coalicion", logo=image_upload("logo.png"))
        self.member = make_organisation()
        make_membership(self.coalition, self.member)
        make_membership(make_organisation(), self.coalition)
        for organisation in (self.coalition, self.member):
            for _ in range(2):
                make_organisation_link(organisation)
        self.topics = [make_topic(slug="datos"), make_topic()]
        self.mentioned = make_organisation(is_publisher=False)
        self.count = 0

    def grow_to(self, total):
        while self.count < total:
            self.count += 1
            guest = make_organisation()
            make_organisation_link(guest)
            release = make_release(
                issuing_organisations=[self.coalition, self.member, guest],
                title_es=f"México: comunicado {self.count}",
                title_en="" if self.count % 3 else f"Mexico: release {self.count}",
                background_es="- Contexto",
                published_at=timezone.now() - timedelta(days=self.count * 9),
            )
            release.topics.add(*self.topics)
            release.mentioned_organisations.add(self.mentioned)
            for position in range(2):
                MediaContact.objects.create(
                    release=release,
                    spokesperson=make_contact(is_public=False, phone="", organisation=guest),
                    press_contact=make_contact(organisation=self.coalition),
                    position=position,
                )
            for position in range(3):
                ReferenceLink.objects.create(
                    release=release, url=f"https://ref.example/{release.pk}/{position}", position=position
                )
            make_attachment(release)
            if self.count == 1:
                self.latest = release  # each later release is older


def measure(client, newsroom):
    latest = newsroom.latest
    moment = timezone.localtime(latest.published_at)
    with translation.override("en"):
        english = latest.get_absolute_url()
    counts = {}
    for name, (url, _budget) in BUDGETS.items():
        if "page=2" in url and newsroom.count <= 20:
            continue  # there is no second page yet
        url = url.format(
            year=moment.year,
            month=moment.month,
            release=latest.get_absolute_url(),
            release_en=english,
            organisation_en=f"/en/organisations/{newsroom.coalition.slug_for('en')}/",
        )
        # Each page as the first request of a generation makes it: nothing kept by another page
        # (newsroom/fragments.py, releases/kept.py) hides what this one costs.
        fragments.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
    return counts


def test_every_public_page_stays_within_its_query_budget_as_the_newsroom_grows(client):
    newsroom = Newsroom()
    newsroom.grow_to(3)
    small = measure(client, newsroom)
    newsroom.grow_to(40)
    large = measure(client, newsroom)
    small["list, page 2"] = small["list"]  # a second page costs what the first does
    over = {
        name: (small[name], large[name], budget) for name, (_url, budget) in BUDGETS.items() if large[name] > budget
    }
    grew = {name: (small[name], large[name]) for name in BUDGETS if large[name] != small[name]}
    assert not over, f"over budget (3 releases, 40 releases, budget): {over}"
    assert not grew, f"query count grows with content (3 releases, 40 releases): {grew}"
