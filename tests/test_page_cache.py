"""The page cache (newsroom/pagecache.py, newsroom/freshness.py): anonymous GETs answered from
memory, never a stale page and never a personal one.

Requests go through PageCache in front of Django's WSGI handler, as under gunicorn (tests/pagecache.py).
An answer that ran no query came from memory. Several processes sharing the generation through a
real server are in tests/test_serving.py (and through Redis in tests/test_shared_services.py).
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation

from contacts.models import Organisation
from newsroom import freshness
from newsroom.pagecache import PageCache, wrap
from releases import services
from releases.models import Release
from tests.factories import make_full_release, make_organisation, make_release, make_topic, ready_to_publish
from tests.pagecache import Site, session_cookies, views_called

pytestmark = pytest.mark.django_db

LIST = "/es/comunicados/"
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Cross-Origin-Resource-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


@pytest.fixture
def site():
    return Site()


@pytest.fixture
def organisation():
    return make_organisation(name_es="Red Ciudadana", slug="red")


def url_of(release, language="es"):
    with translation.override(language):
        return release.get_absolute_url()


# What is kept, and what a kept answer looks like.


def test_a_second_anonymous_request_is_answered_from_memory_with_every_header(site):
    release = make_full_release(title_es="Primera noticia")
    first = site.get(LIST)
    again = site.get(LIST)
    assert first.status == again.status == 200
    assert first.queries > 0 and again.queries == 0
    assert again.body == first.body and release.title_es in again.text
    assert again.headers == first.headers
    for name in SECURITY_HEADERS:
        assert again.header(name), name
    assert again.header("Cache-Control") == "public, max-age=60, s-maxage=60, stale-while-revalidate=30"
    assert again.header("ETag") and again.header("Last-Modified")


PUBLIC_PAGES = ["/es/", "/en/topics/", "/es/contactos-de-prensa/", "/es/suscribirse/", "/es/alertas/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_is_kept(site, path):
    make_full_release()
    assert site.get(path).queries > 0
    assert site.get(path).queries == 0


def test_a_release_its_feed_and_a_former_slug_s_redirect_are_kept(site):
    release = make_full_release(slug="nuevo")
    release.former_slugs.create(slug="viejo")  # as a slug changed by an editor leaves behind
    for path in (url_of(release), "/es/canales/rss/", "/es/comunicados/2020/01/viejo/"):
        first = site.get(path)
        assert first.status in (200, 301)
        assert (site.get(path).queries, site.get(path).status) == (0, first.status), path


def test_a_page_not_found_is_kept_until_something_changes(site):
    path = "/es/comunicados/2030/01/por-venir/"
    assert site.get(path).status == 404
    kept = site.get(path)
    assert (kept.status, kept.queries) == (404, 0)
    make_release(slug="por-venir", published_at=timezone.now() - timedelta(minutes=1))
    assert site.get(path).status in (200, 301)


def test_search_results_are_kept_by_their_query_string(site):
    make_release(title_es="Vigilancia masiva", body_es="Sobre vigilancia.")
    make_release(title_es="Datos abiertos", body_es="Sobre datos.")
    found = site.get("/es/buscar/?q=vigilancia")
    other = site.get("/es/buscar/?q=datos")
    assert "Vigilancia masiva" in found.text and "Vigilancia masiva" not in other.text
    assert site.get("/es/buscar/?q=vigilancia").queries == 0
    assert site.get("/es/buscar/?q=datos").text == other.text


def test_pages_filters_and_search_are_kept_and_any_other_query_is_not(site):
    make_release()
    for query in ("page=1", "page=9", "year=2020&organisation=red", "q=datos&topic=x", "subject=all&format=rss"):
        assert site.get(f"{LIST}?{query}").status in (200, 404)  # a page past the end, kept too
        assert site.get(f"{LIST}?{query}").queries == 0, query
    for query in ("utm_source=boletin", "page=1&nocache=123", "access=a-preview-token"):
        for _ in range(2):
            answer = site.get(f"{LIST}?{query}")
            assert answer.status == 200 and answer.queries > 0, query
    assert not [key for key in site.application.store.entries if "page=1&" in key[5] or "=boletin" in key[5]]


def test_every_parameter_of_a_public_form_is_one_the_cache_keeps():
    from newsroom.pagecache import PUBLIC_PARAMETERS
    from releases.forms import FollowForm, SearchForm

    # Lists and search (SearchForm holds the filters), the subscribe page, pagination, and the
    # choices an organisation's or topic's page passes to the alerts form (alerts/views.py).
    names = {*SearchForm.base_fields, *FollowForm.base_fields, "page", "organisations", "topics"}
    assert names <= PUBLIC_PARAMETERS


def test_a_page_in_one_language_is_never_answered_in_another(site):
    """Public pages carry their language in the path; what depends on Accept-Language says so
    (Vary), for a CDN, and is never kept here, where the key has no such header."""
    make_release()
    assert site.get("/", accept_language="en").header("Location") == "/en/"
    assert site.get("/", accept_language="es").header("Location") == "/es/"
    for path in (LIST, "/en/releases/"):
        site.get(path)
        kept = site.get(path, accept_language="fr")
        assert kept.queries == 0 and "Accept-Language" not in (kept.header("Vary") or "")
    robots = site.get("/robots.txt", accept_language="en")
    assert "Accept-Language" in robots.header("Vary") and "public" in robots.header("Cache-Control")
    assert not [key for key in site.application.store.entries if key[4] in ("/", "/robots.txt")]


def test_head_is_answered_from_what_a_get_kept(site):
    make_release()
    full = site.get(LIST)
    head = site.head(LIST)
    assert (head.status, head.queries, head.body) == (200, 0, b"")
    assert head.headers == full.headers


# Conditional requests.


def test_if_none_match_and_if_modified_since_get_a_304_from_memory(site):
    make_release()
    first = site.get(LIST)
    etag, last_modified = first.header("ETag"), first.header("Last-Modified")
    again = site.get(LIST, if_none_match=etag)
    assert (again.status, again.body, again.queries) == (304, b"", 0)
    assert again.header("ETag") == etag and again.header("Cache-Control") == first.header("Cache-Control")
    assert site.get(LIST, if_modified_since=last_modified).status == 304
    # A client holding another version gets the page.
    assert site.get(LIST, if_none_match='"another"').status == 200


def test_a_conditional_request_that_misses_is_answered_after_the_page_is_made(site):
    make_release()
    etag = site.get(LIST).header("ETag")
    make_topic()  # a change: the kept page is no longer current, but it is the same page
    again = site.get(LIST, if_none_match=etag)
    assert again.status == 304 and again.queries > 0
    make_release(title_es="Otra noticia")
    changed = site.get(LIST, if_none_match=etag)
    assert changed.status == 200 and "Otra noticia" in changed.text


def test_without_the_page_cache_django_still_answers_conditional_requests(client):
    make_release()
    first = client.get(LIST)
    assert first["Cache-Control"] == "public, max-age=60, s-maxage=60, stale-while-revalidate=30"
    assert client.get(LIST, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(LIST, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304


# Never a personal page.


def test_staff_never_get_the_shared_copy_of_a_release_s_url_nor_fill_it(site, client, editor):
    draft = make_release(status=Release.Status.DRAFT, title_es="Borrador secreto")
    path = url_of(draft)
    assert site.get(path).status == 404  # the public's answer, kept
    client.force_login(editor)
    staff = site.get(path, cookies=session_cookies(client))
    assert staff.status == 200 and "Borrador secreto" in staff.text
    assert staff.header("Cache-Control") == "max-age=0, no-cache, no-store, must-revalidate, private"
    public = site.get(path)
    assert (public.status, public.queries) == (404, 0)
    assert "Borrador secreto" not in public.text


def test_a_staff_request_leaves_nothing_behind_for_the_public(site, client, editor):
    make_release()
    client.force_login(editor)
    cookies = session_cookies(client)
    for _ in range(2):
        staff = site.get(LIST, cookies=cookies)
        assert staff.queries > 0
        assert set(staff.header("Cache-Control").split(", ")) == {"private", "no-cache"}
    assert site.get(LIST).queries > 0  # the public's first request: nothing was kept


def test_a_pending_message_or_credentials_bypass_the_store(site):
    make_release()
    site.get(LIST)
    assert site.get(LIST, cookies={"messages": "x"}).queries > 0
    assert site.get(LIST, authorization="Basic eDp5").queries > 0
    # Any other cookie (a language choice, an old CSRF token) changes nothing on a public page.
    assert site.get(LIST, cookies={"django_language": "en", "csrftoken": "x" * 32}).queries == 0


def test_a_preview_link_page_is_never_kept(site, editor):
    release = make_full_release(title_es="Bajo embargo", embargo_until=timezone.now() + timedelta(hours=2))
    _link, token = services.release_create_preview_link(release=release, actor=editor, recipient="Ana")
    with translation.override("es"):
        from django.urls import reverse

        path = reverse("releases:preview", args=[token])
    for _ in range(2):
        answer = site.get(path)
        assert answer.status == 200 and "Bajo embargo" in answer.text
        assert answer.queries > 0
        assert "no-store" in answer.header("Cache-Control") and "private" in answer.header("Cache-Control")
    assert not [key for key in site.application.store.entries if token in key[4]]


@pytest.mark.urls("tests.pagecache")
def test_a_page_holding_a_csrf_token_is_never_shared(site):
    """It would hand one visitor's token (and the cookie it matches) to the next."""
    views_called.clear()
    first = site.get("/form/", cookies={"csrftoken": "a" * 32})
    assert "csrfmiddlewaretoken" in first.text
    assert "public" not in first.header("Cache-Control")
    second = site.get("/form/")
    assert views_called == ["/form/", "/form/"]
    assert second.body != first.body
    assert not site.application.store.entries


@pytest.mark.urls("tests.pagecache")
def test_an_answer_that_sets_a_cookie_is_never_shared(site):
    views_called.clear()
    first = site.get("/welcome/?who=ana")
    assert "visitor=ana" in first.header("Set-Cookie")
    assert "public" not in first.header("Cache-Control")
    again = site.get("/welcome/?who=ana")
    assert views_called == ["/welcome/", "/welcome/"]
    assert "visitor=ana" in again.header("Set-Cookie")
    assert not site.application.store.entries


def test_a_subscriber_s_confirmation_page_with_its_csrf_token_is_never_kept(site):
    from alerts.tokens import make_token
    from tests.alerting import make_subscription

    path = f"/es/alertas/confirmar/{make_token(make_subscription(confirmed=False), 'confirm')}/"
    for _ in range(2):
        answer = site.get(path)
        assert answer.status == 200 and answer.queries > 0 and "csrfmiddlewaretoken" in answer.text
        assert "private" in answer.header("Cache-Control")
    assert not site.application.store.entries


def test_an_embargo_moved_back_keeps_the_release_hidden_past_its_old_moment(site, editor):
    """An editor brings an embargo forward, then back: the page kept under the earlier moment
    must not show the release when that moment passes."""
    now = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(now, tick=False) as clock:
        release = make_release(title_es="Bajo embargo", embargo_until=now + timedelta(hours=2))
        page = url_of(release)
        services.release_set_embargo(release=release, actor=editor, until=now + timedelta(minutes=1))
        assert site.get(page).status == 404 and "Bajo embargo" not in site.get(LIST).text
        assert site.get(page).queries == 0
        release.refresh_from_db()
        services.release_set_embargo(release=release, actor=editor, until=now + timedelta(hours=2))
        clock.shift(timedelta(minutes=2))
        assert site.get(page).status == 404
        assert "Bajo embargo" not in site.get(LIST).text
        assert "Bajo embargo" not in site.get("/es/canales/rss/").text
        clock.shift(timedelta(hours=2))
        assert site.get(page).status == 200


# Never a stale page: every change shows on the next request.


def test_publishing_editing_and_withdrawing_through_the_services_show_on_the_next_request(site, editor):
    draft = ready_to_publish(make_release(status=Release.Status.DRAFT, title_es="Recién publicado", slug="nuevo"))
    assert "Recién publicado" not in site.get(LIST).text
    services.release_publish(release=draft, actor=editor)
    assert "Recién publicado" in site.get(LIST).text
    page = url_of(draft)
    assert "Recién publicado" in site.get(page).text
    draft.refresh_from_db()
    draft.title_es = "Título corregido"
    services.release_save(release=draft, actor=editor, seen_version=draft.version)
    assert "Título corregido" in site.get(LIST).text and "Título corregido" in site.get(page).text
    services.release_withdraw(release=draft, actor=editor, explanation_es="Error de fecha.")
    assert "Título corregido" not in site.get(LIST).text
    assert "Error de fecha." in site.get(page).text


def test_a_plain_model_save_shows_on_the_next_request(site, organisation):
    release = make_release(title_es="Antes", issuing_organisations=[organisation])
    page = url_of(release)
    assert "Antes" in site.get(page).text and "Red Ciudadana" in site.get(page).text
    Release.objects.filter(pk=release.pk).update(title_es="Después")  # no signal: the kept page stays
    assert "Antes" in site.get(page).text
    release.refresh_from_db()
    release.save()
    assert "Después" in site.get(page).text


@pytest.mark.parametrize("change", ["organisation", "topic", "row", "many-to-many", "delete"])
def test_a_change_in_the_directory_or_a_release_s_rows_shows_on_the_next_request(site, organisation, change):
    topic = make_topic(name_es="Transparencia")
    release = make_release(issuing_organisations=[organisation])
    release.topics.add(topic)
    page = url_of(release)
    before = site.get(page).text
    assert "Red Ciudadana" in before and "Transparencia" in before
    if change == "organisation":
        Organisation.objects.get(pk=organisation.pk).__class__.objects.filter(pk=organisation.pk)
        organisation.name_es = "Red Renombrada"
        organisation.save()
        assert "Red Renombrada" in site.get(page).text
    elif change == "topic":
        topic.name_es = "Rendición de cuentas"
        topic.save()
        assert "Rendición de cuentas" in site.get(page).text
    elif change == "row":
        row = release.issuing_organisation_rows.get()
        row.organisation = make_organisation(name_es="Otra Organización")
        row.save()
        assert "Otra Organización" in site.get(page).text
    elif change == "many-to-many":
        release.topics.remove(topic)
        assert "Transparencia" not in site.get(page).text
    else:
        release.issuing_organisation_rows.all().delete()
        assert "Red Ciudadana" not in site.get(page).text


def test_a_scheduled_release_appears_at_its_minute_without_any_write(site, organisation):
    now = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(now, tick=False) as clock:
        make_release(title_es="Programado", published_at=now + timedelta(minutes=1))
        assert "Programado" not in site.get(LIST).text
        clock.shift(timedelta(seconds=59))
        kept = site.get(LIST)
        assert kept.queries == 0 and "Programado" not in kept.text
        # No more than the time left to the next scheduled change may a CDN keep it, either.
        assert kept.header("Cache-Control") == "public, max-age=1, s-maxage=1, stale-while-revalidate=0"
        clock.shift(timedelta(seconds=1))
        assert "Programado" in site.get(LIST).text


def test_a_cdn_may_keep_a_page_no_longer_than_the_next_scheduled_change(site):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False) as clock:
        make_release(published_at=now + timedelta(seconds=25))
        soon = "public, max-age=25, s-maxage=25, stale-while-revalidate=0"
        assert site.get(LIST).header("Cache-Control") == soon
        assert site.get("/es/canales/rss/").header("Cache-Control") == soon
        clock.shift(timedelta(seconds=26))
        make_release(published_at=now + timedelta(seconds=26 + 80))
        # 80 s ahead: a minute, and only 20 s of serving it stale...
        first = site.get(LIST)
        assert first.header("Cache-Control") == "public, max-age=60, s-maxage=60, stale-while-revalidate=20"
        clock.shift(timedelta(seconds=30))
        # ...and the copy kept here says less as the moment comes closer.
        kept = site.get(LIST)
        assert kept.queries == 0
        assert kept.header("Cache-Control") == "public, max-age=50, s-maxage=50, stale-while-revalidate=0"


def test_an_embargo_ending_shows_at_its_moment(site, editor):
    now = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(now, tick=False) as clock:
        release = make_release(title_es="Embargado", embargo_until=now + timedelta(hours=1))
        assert "Embargado" not in site.get(LIST).text
        assert site.get(url_of(release)).status == 404
        clock.shift(timedelta(hours=1))
        assert "Embargado" in site.get(LIST).text
        assert site.get(url_of(release)).status == 200


# The generation, shared by every process.


def test_a_change_committed_by_another_process_shows_within_the_check_interval(site, settings):
    release = make_release(title_es="Antes")
    page = url_of(release)
    assert "Antes" in site.get(page).text
    # Another process changes the row and, once it commits, the shared generation.
    Release.objects.filter(pk=release.pk).update(title_es="Después")
    cache.set(freshness.SHARED_KEY, "from-another-process@1700000000.0", None)
    # Within the interval this process still trusts the generation it read...
    settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS = 60
    assert "Antes" in site.get(page).text
    # ...and reads it again once the interval is over.
    settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS = 0
    assert "Después" in site.get(page).text


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_the_shared_generation_once_when_it_commits(organisation):
    before = freshness.key()
    shared = cache.get(freshness.SHARED_KEY)
    with transaction.atomic():
        release = make_release(issuing_organisations=[organisation], title_es="Uno")
        release.topics.add(make_topic())
        assert cache.get(freshness.SHARED_KEY) == shared  # nothing before the commit...
        assert freshness.key() != before  # ...but this process knows at once
        assert sum(func is freshness._bump_shared for _s, func, _r in connection.run_on_commit) == 1
    assert cache.get(freshness.SHARED_KEY) != shared
    committed = cache.get(freshness.SHARED_KEY)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_release()
        raise RuntimeError
    assert cache.get(freshness.SHARED_KEY) == committed  # a rolled-back change announces nothing


def test_a_cache_that_cannot_be_reached_means_no_page_is_kept(site, monkeypatch):
    make_release()

    def unreachable(*args, **kwargs):
        raise ConnectionError("the cache server is down")

    monkeypatch.setattr(freshness, "key", unreachable)
    for _ in range(2):
        answer = site.get(LIST)
        assert answer.status == 200 and answer.queries > 0
        assert "public" not in answer.header("Cache-Control")  # nor a CDN: its freshness is unknown


def test_the_store_keeps_within_its_size(organisation):
    for n in range(12):
        make_release(title_es=f"Noticia {n}", slug=f"noticia-{n}")
    pages = [url_of(release) for release in Release.objects.all()]
    one_page = Site()
    one_page.get(pages[0])
    room = 5 * one_page.application.store.size  # about five pages
    small = Site(max_bytes=room)
    for page in pages:
        small.get(page)
    assert small.application.store.size <= room
    assert 0 < len(small.application.store.entries) < len(pages)


def test_newsroom_page_cache_0_leaves_django_unwrapped(settings):
    django_app = object()
    settings.NEWSROOM_PAGE_CACHE = False
    assert wrap(django_app) is django_app
    settings.NEWSROOM_PAGE_CACHE = True
    assert isinstance(wrap(django_app), PageCache)
