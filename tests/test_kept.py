"""What public lists and release pages read, kept per process for the generation (releases/kept.py):
the listings (archive, totals), the filters' choices and the release a slug names.

Each test first makes the page once, so that what it reads is kept, then changes the newsroom
(through the services, a model saved by hand, or the clock alone) and asks again: the answer
must be the new one. Django's test client calls Django directly, with the page cache out of the way.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from newsroom import freshness
from releases import services
from releases.models import ListingCount, Release, Topic
from releases.models.listings import ListingMoments
from tests.factories import make_organisation, make_release, make_topic

pytestmark = pytest.mark.django_db

LIST = "/es/comunicados/"


def get(client, url, status=200):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode(), len(queries)


def page_of(release):
    with translation.override("es"):
        return release.get_absolute_url()


def test_a_list_made_again_reads_only_its_releases(client):
    make_release(issuing_organisations=[make_organisation()]).topics.add(make_topic())
    _html, made = get(client, LIST)
    _html, again = get(client, LIST)
    # The listings, the filters' choices and the cards are kept: only the page's releases are read.
    assert again == 1 < made


def test_a_release_page_made_again_reads_nothing(client):
    release = make_release()
    get(client, page_of(release))
    _html, again = get(client, page_of(release))
    assert again == 0


def test_a_kept_release_withdrawn_shows_as_withdrawn_at_once(client, editor):
    release = make_release(title_es="Comunicado que se retira")
    get(client, page_of(release))
    services.release_withdraw(release=release, actor=editor, explanation_es="Datos erróneos.")
    html, _queries = get(client, page_of(release))
    assert "release-notice--withdrawn" in html and "Datos erróneos." in html
    listed, _queries = get(client, LIST)
    assert "Comunicado que se retira" not in listed


def test_a_kept_release_taken_off_the_record_by_a_script_is_gone_at_once(client):
    release = make_release()
    url = page_of(release)
    get(client, url)
    # The services never take a public release back (it is withdrawn instead); a script saving
    # the model by hand can, and the signals tell every process all the same.
    release = Release.objects.get(pk=release.pk)
    release.status = Release.Status.DRAFT
    release.save()
    get(client, url, status=404)


def test_a_kept_release_deleted_is_gone_at_once(client):
    release = make_release()
    url = page_of(release)
    get(client, url)
    Release.objects.get(pk=release.pk).delete()  # a script, not the services: the signals tell
    get(client, url, status=404)


def test_a_scheduled_release_goes_public_by_time_alone(client, editor):
    topic = make_topic(name_es="Vigilancia estatal")
    organisation = make_organisation(name_es="Red de Defensa Digital")
    make_release(title_es="Comunicado de ayer").topics.add(make_topic())
    goes_public = timezone.now() + timedelta(hours=2)
    scheduled = make_release(
        title_es="Comunicado programado", issuing_organisations=[organisation], published_at=goes_public
    )
    scheduled.topics.add(topic)
    url = page_of(scheduled)
    before, _queries = get(client, LIST)
    get(client, url, status=404)  # looked up, not found: nothing is kept for that slug
    assert "Comunicado programado" not in before
    assert f'value="{organisation.slug}"' not in before and f'value="{topic.slug}"' not in before
    assert "1 comunicado" in before
    with time_machine.travel(goes_public + timedelta(minutes=1)):
        after, _queries = get(client, LIST)
        get(client, url)
    assert "Comunicado programado" in after and "2 comunicados" in after
    # The filters offer its organisation and topic from its moment on, with no write.
    assert f'value="{organisation.slug}"' in after and f'value="{topic.slug}"' in after


def test_a_topic_renamed_shows_in_the_filters_at_once(client):
    topic = make_topic(name_es="Datos personales")
    make_release().topics.add(topic)
    before, _queries = get(client, LIST)
    assert "Datos personales" in before
    topic = Topic.objects.get(pk=topic.pk)
    topic.name_es = "Protección de datos personales"
    topic.save()
    after, _queries = get(client, LIST)
    assert "Protección de datos personales" in after


def test_an_organisation_whose_only_release_is_withdrawn_leaves_the_filters_at_once(client, editor):
    organisation = make_organisation(name_es="Colectivo Retirado")
    make_release(issuing_organisations=[make_organisation()])
    release = make_release(issuing_organisations=[organisation])
    before, _queries = get(client, LIST)
    assert 'value="' + organisation.slug + '"' in before
    services.release_withdraw(release=release, actor=editor, explanation_es="Retirado.")
    after, _queries = get(client, LIST)
    assert 'value="' + organisation.slug + '"' not in after


def test_staff_never_read_what_is_kept(client, editor):
    topic = make_topic(name_es="Nombre publicado")
    release = make_release(title_es="Titular publicado")
    release.topics.add(topic)
    get(client, LIST)
    get(client, page_of(release))
    # update() sends no signal: the generation stands, so anonymous visitors get what is kept ...
    Topic.objects.filter(pk=topic.pk).update(name_es="Nombre sin aviso")
    Release.objects.filter(pk=release.pk).update(status=Release.Status.DRAFT)
    anonymous, _queries = get(client, LIST)
    assert "Nombre publicado" in anonymous
    get(client, page_of(release))
    # ... while staff read the database every time.
    client.force_login(editor)
    staff, _queries = get(client, LIST)
    assert "Nombre sin aviso" in staff and "Nombre publicado" not in staff
    html, _queries = get(client, page_of(release))
    assert "release-notice--preview" in html  # the draft it now is, made afresh


def test_rebuilding_the_public_index_changes_the_generation():
    before = freshness.key()
    call_command("rebuild_public_index", verbosity=0)
    assert freshness.key() != before


def test_listing_moments_sum_what_stands_at_each_moment_whichever_order_they_are_asked_in():
    now = timezone.now()
    rows = [
        ("month", 202501, now - timedelta(days=30), 3),
        ("topic", 7, now - timedelta(days=30), 2),
        ("month", 202501, now + timedelta(hours=1), 1),
        ("topic", 9, now + timedelta(hours=2), 1),
    ]
    moments = ListingMoments(rows)
    expected = [
        (now, {("month", 202501): 3, ("topic", 7): 2}),
        (now + timedelta(hours=1), {("month", 202501): 4, ("topic", 7): 2}),
        (now + timedelta(minutes=90), {("month", 202501): 4, ("topic", 7): 2}),
        (now - timedelta(days=31), {}),
        (now + timedelta(hours=5), {("month", 202501): 4, ("topic", 7): 2, ("topic", 9): 1}),
        (now + timedelta(hours=2), {("month", 202501): 4, ("topic", 7): 2, ("topic", 9): 1}),
        (now, {("month", 202501): 3, ("topic", 7): 2}),
    ]
    for moment, counts in expected:
        assert moments.at(moment).counts == counts, moment
    assert ListingCount.objects.moments().at(now).counts == ListingCount.objects.now().counts


def test_cards_given_ids_show_only_releases_still_published(rf):
    from django.template import Context, Template

    shown, gone = make_release(title_es="Sigue publicado"), make_release(title_es="Ya no es público")
    Release.objects.filter(pk=gone.pk).update(status=Release.Status.DRAFT)  # between the ids and the rows
    template = Template("{% load release_cards %}{% release_cards ids %}")
    with translation.override("es"):
        html = template.render(Context({"ids": [shown.pk, gone.pk], "request": rf.get(LIST)}))
    assert "Sigue publicado" in html and "Ya no es público" not in html


def test_cards_read_their_organisations_and_topics_as_prefetching_gives_them(rf):
    from django.template import Context, Template

    from releases.models.queries import listing_related

    # Created in an order that neither the organisations' positions nor the topics' names follow.
    zeta, alfa, media = make_organisation(name_es="Zeta"), make_organisation(name_es="Alfa"), make_organisation()
    vigilancia, agua = make_topic(name_es="Vigilancia"), make_topic(name_es="Agua")
    both = make_release(title_es="Dos emisoras", issuing_organisations=[zeta, alfa, media])
    both.topics.add(vigilancia, agua)
    alone = make_release(title_es="Una emisora", issuing_organisations=[alfa])
    alone.topics.add(vigilancia)
    bare = make_release(title_es="Sin emisoras")
    releases = [both, alone, bare]
    shown = listing_related(releases)
    assert shown[both.pk] == ([zeta, alfa, media], [agua, vigilancia])
    assert shown[alone.pk] == ([alfa], [vigilancia]) and shown[bare.pk] == ([], [])
    prefetched = list(Release.objects.filter(pk__in=[release.pk for release in releases]).with_listing_related())
    for release in prefetched:
        rows = [row.organisation for row in release.issuing_organisation_rows.all()]
        assert shown[release.pk] == (rows, list(release.topics.all()))
    # A card made from ids (the related rows read by the tag) is the card made from a view's prefetched rows.
    template = Template("{% load release_cards %}{% release_cards releases %}")
    with translation.override("es"), CaptureQueriesContext(connection) as queries:
        from_ids = template.render(Context({"releases": [both.pk], "request": rf.get(LIST)}))
    assert len(queries) == 3  # the release, its organisations, its topics
    with translation.override("es"):
        from_rows = template.render(Context({"releases": [r for r in prefetched if r.pk == both.pk]}))
    assert from_ids == from_rows
    assert from_ids.index(">Zeta<") < from_ids.index(">Alfa<") and from_ids.index(">Agua<") < from_ids.index(
        ">Vigilancia<"
    )


def test_a_list_made_again_is_the_same_page(client):
    organisation, topic = make_organisation(slug="red"), make_topic(slug="vigilancia")
    for n in range(45):
        release = make_release(
            issuing_organisations=[organisation] if n % 2 else [],
            published_at=timezone.now() - timedelta(days=(n * 7) % 45 + 1),
        )
        release.topics.add(topic if n % 3 else make_topic())
    year = timezone.localtime(timezone.now() - timedelta(days=1)).year
    urls = [LIST, LIST + "?page=2", "/en/releases/", LIST + "?organisation=red", LIST + "?organisation=red&page=2"]
    urls += ["/es/temas/vigilancia/", LIST + "?topic=vigilancia&organisation=red", f"/es/comunicados/{year}/"]
    for url in urls:
        first, _queries = get(client, url)  # from the rows
        again, _queries = get(client, url)  # from the ids, every card kept
        assert again == first, url
