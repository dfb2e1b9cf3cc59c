"""The public index (releases/models/listings.py, kept by releases/indexing.py): archive months,
filters' choices, counts and listed names are right at every moment, whatever wrote the change.

A page reads the index, not the releases, for its archive, its filters and its count: these
tests hold that the index says what `Release.objects.published()` says, at the minute a
scheduled release or an ended embargo goes public (no write happens then), after every kind of
change (the services, the admin's rows, a script saving models, the importer, the demo), and
that `rebuild_public_index` and the migration build it from nothing.
"""

import re
from datetime import timedelta

import pytest
import time_machine
import yaml
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from contacts.models import Contact, Organisation
from releases import indexing, services
from releases.models import IssuingOrganisation, ListingCount, MediaContact, RecordEntry, Release, Topic, month_key
from tests.factories import (
    make_contact,
    make_organisation,
    make_release,
    make_topic,
    make_withdrawn_release,
    ready_to_publish,
    unsaved_published_release,
)

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def snapshot():
    """Everything the index says now: entries, the listings' counts at this moment, listed moments."""
    return (
        sorted(RecordEntry.objects.values_list(*indexing.FIELDS)),
        ListingCount.objects.now().counts,
        sorted(
            (row.kind, row.key, row.public_from, row.releases)
            for row in ListingCount.objects.filter(public_from__gt=timezone.now())
        ),
        {
            model.__name__: dict(model.objects.values_list("pk", "listed_from"))
            for model in (Organisation, Contact, Topic)
        },
    )


def assert_in_step():
    """The index kept change by change is the one built from scratch from the releases."""
    kept = snapshot()
    indexing.rebuild()
    assert kept == snapshot()


def truth():
    """What published() says: {(kind, key): count} of the months, issuing organisations and topics."""
    counts = {}
    for release in Release.objects.published().prefetch_related("issuing_organisations", "topics"):
        keys = [("month", month_key(release.published_at))]
        keys += [("issued", organisation.pk) for organisation in release.issuing_organisations.all()]
        keys += [("topic", topic.pk) for topic in release.topics.all()]
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def listed(model):
    return set(model.objects.listed().values_list("pk", flat=True))


def months(client):
    html = client.get("/es/comunicados/").content.decode()
    return re.findall(r'href="/es/comunicados/(\d{4}/\d{2})/"', html)


# --- At its moment, with no write -------------------------------------------------------------


def test_a_scheduled_release_makes_its_month_topic_and_organisation_appear_exactly_at_its_moment(client, editor):
    make_release(published_at=timezone.now() - timedelta(days=400))
    organisation, topic = make_organisation(slug="nueva"), make_topic(slug="tema-nuevo")
    release = ready_to_publish(make_release(status=Release.Status.DRAFT, issuing_organisations=[organisation]))
    release.topics.add(topic)
    moment = (timezone.now() + timedelta(days=40)).replace(microsecond=0)
    services.release_publish(release=release, actor=editor, at=moment)
    month = timezone.localtime(moment).strftime("%Y/%m")
    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        assert month not in months(client)
        assert ListingCount.objects.now().counts == truth()
        assert "tema-nuevo" not in client.get("/es/comunicados/").content.decode()
        assert client.get("/es/temas/tema-nuevo/").status_code == 404
        assert client.get(f"/es/comunicados/{month}/").status_code == 404
    with time_machine.travel(moment, tick=False):
        assert month in months(client)
        assert ListingCount.objects.now().counts == truth()
        html = client.get("/es/comunicados/").content.decode()
        assert 'value="tema-nuevo"' in html and 'value="nueva"' in html and "2 comunicados" in html
        assert client.get("/es/temas/tema-nuevo/").status_code == 200
        assert release.title_es in client.get(f"/es/comunicados/{month}/").content.decode()


def test_an_embargo_ending_counts_the_release_at_its_end(client, editor):
    release = ready_to_publish(make_release(status=Release.Status.DRAFT))
    topic = make_topic(slug="embargado")
    release.topics.add(topic)
    end = (timezone.now() + 2 * HOUR).replace(microsecond=0)
    services.release_set_embargo(release=release, actor=editor, until=end)
    services.release_publish(release=release, actor=editor)
    with time_machine.travel(end - timedelta(seconds=1), tick=False):
        assert ListingCount.objects.now().counts == {}
        assert client.get("/es/temas/embargado/").status_code == 404
    with time_machine.travel(end, tick=False):
        assert ListingCount.objects.now().counts == truth() != {}
        assert client.get("/es/temas/embargado/").status_code == 200


def test_withdrawing_the_last_release_of_a_month_removes_the_month(client, editor):
    make_release(published_at=timezone.now() - timedelta(days=400))
    release = make_release(published_at=timezone.now() - HOUR)
    month = timezone.localtime(release.published_at).strftime("%Y/%m")
    assert month in months(client)
    services.release_withdraw(release=release, actor=editor, explanation_es="Error.")
    assert month not in months(client)
    assert client.get(f"/es/comunicados/{month}/").status_code == 404
    assert ListingCount.objects.now().counts == truth()
    assert_in_step()


# --- Every kind of change keeps it in step ---------------------------------------------------


def test_every_service_keeps_the_index_in_step(editor):
    organisation, topic, person = make_organisation(), make_topic(), make_contact()
    release = make_release(status=Release.Status.DRAFT, issuing_organisations=[organisation])
    release.topics.add(topic)
    MediaContact.objects.create(release=release, press_contact=person, position=0)
    assert_in_step()
    services.release_submit_for_review(release=release, actor=editor)
    services.release_publish(release=release, actor=editor, at=timezone.now() + 3 * HOUR)
    assert_in_step()
    services.release_set_embargo(release=release, actor=editor, until=timezone.now() + 5 * HOUR)
    assert_in_step()
    services.release_return_to_draft(release=release, actor=editor)
    assert_in_step()
    services.release_publish(release=release, actor=editor)  # at the end of its embargo
    assert_in_step()
    services.release_set_embargo(release=release, actor=editor, until=None)  # out now
    assert_in_step()
    services.release_reschedule(release=release, actor=editor, at=timezone.now() - timedelta(days=60))
    assert_in_step()
    services.release_withdraw(release=release, actor=editor, explanation_es="Error.")
    assert_in_step()
    assert Organisation.objects.listed().filter(pk=organisation.pk).exists()  # it had been public
    services.release_delete(release=Release.objects.get(pk=release.pk), actor=editor)
    assert_in_step()
    assert not Organisation.objects.listed().filter(pk=organisation.pk).exists()
    assert not Contact.objects.listed().filter(pk=person.pk).exists()
    assert RecordEntry.objects.count() == ListingCount.objects.count() == 0


def test_restoring_a_version_deleting_and_recovering_keep_the_index_in_step(editor):
    """The history's services bring rows back through django-reversion (model saves) and then
    announce: the names and counts follow the rows each version had."""
    first, second, topic = make_organisation(), make_organisation(), make_topic()
    release = make_release(issuing_organisations=[first])
    release.topics.add(topic)
    services.keep_revision(release, editor, "Antes del cambio.")
    version = Version.objects.get_for_object(release).first()
    row = release.issuing_organisation_rows.get()
    row.organisation = second
    row.save()
    release.topics.clear()
    assert_in_step()
    assert listed(Organisation) == {second.pk} and listed(Topic) == set()
    release = services.release_restore_revision(release=release, actor=editor, version=version)
    assert_in_step()
    assert listed(Organisation) == {first.pk} and listed(Topic) == {topic.pk}
    assert ListingCount.objects.now().counts == truth() != {}
    pk = release.pk
    services.release_delete(release=release, actor=editor)
    assert_in_step()
    assert listed(Organisation) == listed(Topic) == set() and ListingCount.objects.now().counts == {}
    services.release_recover(version=Version.objects.get_deleted(Release).get(object_id=str(pk)), actor=editor)
    assert_in_step()
    assert listed(Organisation) == {first.pk} and listed(Topic) == {topic.pk}
    assert ListingCount.objects.now().counts == truth() != {}


def test_model_writes_outside_the_services_keep_the_index_in_step():
    """A script saving models (or the admin's inline rows) is seen through model signals."""
    first, second = make_organisation(), make_organisation()
    topics = [make_topic(), make_topic()]
    release = make_release(issuing_organisations=[first])
    assert_in_step()
    release.topics.add(*topics)
    release.mentioned_organisations.add(second)
    assert_in_step()
    release.topics.remove(topics[0])
    assert_in_step()
    topics[1].releases.clear()  # from the topic's side
    assert_in_step()
    topics[0].releases.add(release)
    assert_in_step()
    row = IssuingOrganisation.objects.create(release=release, organisation=second, position=1)
    MediaContact.objects.create(release=release, press_contact=make_contact(), spokesperson=make_contact(), position=0)
    assert_in_step()
    row.delete()
    release.status = Release.Status.DRAFT
    release.save()
    assert_in_step()
    release.status, release.published_at = Release.Status.PUBLISHED, timezone.now() - timedelta(days=800)
    release.save()
    assert_in_step()
    topics[0].delete()
    release.delete()
    assert_in_step()
    assert not ListingCount.objects.exists()


def test_the_demo_and_imports_keep_the_index_in_step(tmp_path):
    call_command("load_demo", verbosity=0)
    assert ListingCount.objects.now().counts == truth()
    assert_in_step()
    # Importing a file again (the same release, its topics changed) through import_releases.
    call_command("export_releases", str(tmp_path), verbosity=0)
    source = next(path for path in sorted(tmp_path.glob("*.es.md")) if "topics:" in path.read_text())
    _start, front_matter, text = source.read_text().split("---\n", 2)
    front_matter = yaml.safe_load(front_matter)
    front_matter["topics"] = [{"slug": "nuevo-tema", "name": {"es": "Nuevo tema"}}]
    source.write_text(f"---\n{yaml.safe_dump(front_matter, allow_unicode=True)}---\n{text}")
    call_command("import_releases", str(source), verbosity=0)
    assert Topic.objects.filter(slug="nuevo-tema").exists()
    assert ListingCount.objects.now().counts == truth()
    assert_in_step()


def test_saving_a_name_held_from_before_keeps_when_it_was_listed():
    """The importer and the admin save organisations, people and topics they loaded earlier: the
    listed moment a release set meanwhile is not written back over."""
    organisation, person, topic = make_organisation(), make_contact(), make_topic()
    release = make_release(issuing_organisations=[organisation])
    MediaContact.objects.create(release=release, press_contact=person, position=0)
    release.topics.add(topic)
    for held in (organisation, person, topic):
        assert held.listed_from is None  # as loaded, before the release named them
        held.save()
        assert type(held).objects.get(pk=held.pk).listed_from == release.published_at


# --- From nothing ------------------------------------------------------------------------------


def test_rebuild_public_index_builds_it_from_bulk_inserted_releases(client):
    organisation = make_organisation(slug="a-granel")
    releases = Release.objects.bulk_create(
        unsaved_published_release(slug=f"granel-{n}", title_es=f"A granel {n}", body_es="x", published_at=when)
        for n, when in enumerate([timezone.now() - timedelta(days=n * 31) for n in range(30)])
    )
    IssuingOrganisation.objects.bulk_create(
        IssuingOrganisation(release=release, organisation=organisation, position=0) for release in releases
    )
    assert not RecordEntry.objects.exists()  # bulk inserts send no signals
    assert client.get("/es/organizaciones/a-granel/").status_code == 404
    call_command("rebuild_public_index", verbosity=0)
    assert ListingCount.objects.now().counts == truth()
    html = client.get("/es/comunicados/?organisation=a-granel").content.decode()
    assert "30 comunicados" in html and "Página 1 de 2" in html
    assert client.get("/es/organizaciones/a-granel/").status_code == 200


# --- What pages show from it ------------------------------------------------------------------


def test_list_pages_count_and_page_as_the_database_would(client):
    organisations = [make_organisation(slug=f"o{n}") for n in range(3)]
    topics = [make_topic(slug=f"t{n}") for n in range(3)]
    now = timezone.now()
    for n in range(70):
        release = make_release(
            issuing_organisations=[organisations[n % 3]], published_at=now - timedelta(days=9 * n + 1)
        )
        release.topics.add(topics[n % 2], topics[2]) if n % 5 == 0 else release.topics.add(topics[n % 2])
    make_release(issuing_organisations=[organisations[0]], published_at=now + HOUR).topics.add(topics[0])
    make_withdrawn_release(issuing_organisations=[organisations[0]]).topics.add(topics[0])
    year = timezone.localtime(now - timedelta(days=200)).year
    published = Release.objects.published()
    cases = {
        "/es/comunicados/": published,
        "/es/comunicados/?organisation=o0": published.filter(issuing_organisations=organisations[0]),
        "/es/comunicados/?topic=t2": published.filter(topics=topics[2]),
        "/es/comunicados/?topic=t0&organisation=o1": published.filter(topics=topics[0]).filter(
            issuing_organisations=organisations[1]
        ),
        f"/es/comunicados/?year={year}": published.published_in(year),
        f"/es/comunicados/?year={year}&organisation=o2": published.published_in(year).filter(
            issuing_organisations=organisations[2]
        ),
        f"/es/comunicados/{year}/": published.published_in(year),
        "/es/temas/t1/": published.filter(topics=topics[1]),
        f"/es/temas/t0/?year={year}": published.published_in(year).filter(topics=topics[0]),
    }
    for url, expected in cases.items():
        # A list page gives its releases as ids: its cards read the rest.
        expected = list(expected.values_list("pk", flat=True))
        pages = -(-len(expected) // 20)
        shown = []
        for number in range(1, pages + 1):
            response = client.get(url + ("&" if "?" in url else "?") + f"page={number}")
            assert response.status_code == 200, url
            assert response.context["paginator"].count == len(expected), url
            shown += list(response.context["releases"])
        assert shown == expected, url
        assert client.get(url + ("&" if "?" in url else "?") + f"page={pages + 1}").status_code == 404, url


def test_deleting_a_topic_or_an_organisation_takes_its_listing_with_it():
    organisation, topic = make_organisation(), make_topic()
    release = make_release()
    release.topics.add(topic)
    release.mentioned_organisations.add(organisation)
    topic.delete()
    organisation.delete()
    assert ListingCount.objects.now().counts == truth()
    assert_in_step()


# --- The migration fills it for the releases already there -----------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_index_for_existing_releases():
    from tests.test_migrations import migrate

    old = migrate(("releases", "0016_unguessable_uploads_image_sizes"))
    OldRelease, OldTopic = old.get_model("releases", "Release"), old.get_model("releases", "Topic")
    now = timezone.now()
    topic = OldTopic.objects.create(name="T", name_es="T", slug="t")
    hidden_topic = OldTopic.objects.create(name="H", name_es="H", slug="h")
    organisation = old.get_model("contacts", "Organisation").objects.create(name="O", name_es="O", slug="o")
    text = {"title": "T", "title_es": "T", "body": "B", "body_es": "B", "status": "published"}
    public = OldRelease.objects.create(slug="p", published_at=now - HOUR, **text)
    scheduled = OldRelease.objects.create(slug="s", published_at=now + HOUR, **text)
    public.topics.add(topic)
    public.mentioned_organisations.add(organisation)
    scheduled.topics.add(hidden_topic)
    try:
        migrate()
        expected = {("month", month_key(public.published_at)): 1, ("topic", topic.pk): 1}
        assert ListingCount.objects.now().counts == truth() == expected
        assert list(Topic.objects.listed().values_list("slug", flat=True)) == ["t"]
        assert Topic.objects.get(slug="h").listed_from == scheduled.published_at
        assert Organisation.objects.listed().get().slug == "o"
        assert_in_step()
    finally:
        migrate()
