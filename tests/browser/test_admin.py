"""The press officers' side in a real browser (issue 13.7 and 13.9): a writer creates a bilingual
release with every part and submits it; an editor reads the live preview and publishes it; it is
on the public page in both languages and in the feed. axe-core finds nothing on the release's
change form and the releases list. Screenshots in var/test-artifacts/screenshots/admin-*.png."""

import re
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse
from django.utils import translation

from releases.models import Release
from tests.browser.conftest import axe_violations, has_horizontal_overflow, screenshot
from tests.factories import image_upload, make_contact, make_full_release, make_organisation, make_staff, make_topic

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff(live_server, settings):
    """A writer and an editor in their groups (made again: every browser test starts from an
    emptied database), signed in without the second factor, which its own tests cover."""
    settings.NEWSROOM_REQUIRE_2FA = False
    loader = MigrationLoader(connection)
    for name, function in [
        ("0008_writers_and_editors", "create_groups"),
        ("0017_roles_add_people_and_issuing_organisations", "forwards"),
    ]:
        historical = loader.project_state(("releases", name)).apps
        getattr(import_module(f"releases.migrations.{name}"), function)(historical, None)
    return {"writer": make_staff("writer", "Writers"), "editor": make_staff("editor", "Editors")}


def signed_in(open_page, live_server, user, **options):
    client = Client()
    client.force_login(user)
    page = open_page(**options)
    page.set_default_timeout(10_000)
    host = re.sub(r"^https?://", "", live_server.url).split(":")[0]
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return page


def choose(page, field_id, text):
    """Pick `text` in an autocomplete (select2) field, as a person does: open it, type, choose."""
    page.locator(f"#{field_id}").locator("xpath=following-sibling::span[contains(@class,'select2')][1]").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_a_writer_writes_and_submits_an_editor_previews_and_publishes(open_page, live_server, staff, tmp_path):
    organisation = make_organisation(name_es="Red por los Datos Abiertos", name_en="Open Data Network")
    press_contact = make_contact(name="Lucía Herrera", email="prensa@datos.example", phone="+52 55 0123 4567")
    spokesperson = make_contact(name="Mariana Solís", is_public=False, phone="")
    topic = make_topic(name_es="Transparencia", name_en="Transparency")
    image = tmp_path / "foto.png"
    image.write_bytes(image_upload().read())

    page = signed_in(open_page, live_server, staff["writer"])
    page.goto(reverse("admin:releases_release_add"))
    page.fill("#id_title_es", "Exigimos publicar los contratos de vigilancia")
    page.fill("#id_summary_es", "La red pide los contratos.\nY su auditoría.")
    page.fill("#id_dateline_place_es", "Ciudad de México")
    page.fill("#id_body_es", "La red **exige** publicar los contratos.\n\n## Qué pedimos\n\n- Los contratos")
    page.fill("#id_background_es", "En 2024 se compró un sistema de vigilancia.")
    # One switch, labelled, flips every translated field to English.
    page.get_by_label("Idioma de los campos").select_option(index=1)
    assert page.locator("#id_title_en").is_visible() and page.locator("#id_body_en").is_visible()
    page.fill("#id_title_en", "We demand the surveillance contracts be published")
    page.fill("#id_summary_en", "The network asks for the contracts.")
    page.fill("#id_body_en", "The network **demands** the contracts.")
    page.fill("#id_background_en", "In 2024 a surveillance system was bought.")
    page.fill("#id_links-0-label_en", "The contracts")
    page.get_by_label("Idioma de los campos").select_option(index=0)  # and back to Spanish
    assert page.locator("#id_title_es").is_visible() and not page.locator("#id_title_en").is_visible()
    choose(page, "id_issuing_organisation_rows-0-organisation", "Red por los Datos")
    choose(page, "id_media_contacts-0-spokesperson", "Mariana")
    choose(page, "id_media_contacts-0-press_contact", "Lucía")
    choose(page, "id_topics", "Transparencia")
    page.fill("#id_links-0-url", "https://datos.example/contratos")
    page.fill("#id_links-0-label_es", "Los contratos")
    page.set_input_files("#id_featured_image", str(image))
    page.fill("#id_featured_image_alt_es", "Manifestación frente al congreso")
    screenshot(page, "admin-writer-change-form")
    page.click("input[name=_submit_for_review]")
    page.wait_for_url(re.compile(r"/change/$"))
    release = Release.objects.get()
    assert release.status == Release.Status.IN_REVIEW
    assert (release.issuing_organisations.get(), release.topics.get()) == (organisation, topic)
    row = release.media_contacts.get()
    assert (row.press_contact, row.spokesperson) == (press_contact, spokesperson)
    assert release.links.get().url == "https://datos.example/contratos" and release.featured_image

    # The change form asks for its live preview as it loads: that request answers before the test
    # writes the editor's session, or the test database (SQLite in memory, its cache shared by the
    # live server's threads) refuses one of the two ("database table is locked").
    page.wait_for_load_state("networkidle")
    page = signed_in(open_page, live_server, staff["editor"])
    page.goto(reverse("admin:releases_release_change", args=[release.pk]))
    preview = page.locator(".live-preview").first
    preview.locator("strong", has_text="exige").wait_for()  # the public page's renderer, before saving
    page.fill("#id_body_es", "La red **exige** publicar los contratos <script>alert(1)</script> hoy.")
    preview.locator("text=hoy").wait_for()
    assert preview.locator("script").count() == 0, "the preview is sanitised like the public page"
    actions = page.locator(".publishing-actions")
    assert actions.locator("input").first.get_attribute("name") == "_continue"
    screenshot(page, "admin-editor-change-form")
    page.click("input[name=_publish]")
    page.wait_for_url(re.compile(r"/change/$"))
    release.refresh_from_db()
    assert release.is_published

    public = open_page()
    public.goto(release.get_absolute_url())
    assert public.locator("h1").inner_text() == "Exigimos publicar los contratos de vigilancia"
    assert public.get_by_text("prensa@datos.example").first.is_visible()
    with translation.override("en"):
        english, feed = release.get_absolute_url(), reverse("feeds:all_rss")
    public.goto(english)
    assert public.locator("h1").inner_text() == "We demand the surveillance contracts be published"
    screenshot(public, "admin-published-release-en")
    assert "We demand the surveillance contracts be published" in public.request.get(live_server.url + feed).text()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_change_form_and_the_list_have_no_axe_violation(open_page, live_server, staff, width):
    # A headline as long as real ones: the breadcrumbs' last part (plain text) then outweighs
    # their links, and axe asks the links to stand out from the text around them.
    release = make_full_release(
        status=Release.Status.IN_REVIEW, published_at=None, title_es="Un titular de la longitud habitual " * 3
    )
    make_full_release(title_es="Un titular muy largo " * 8)
    page = signed_in(open_page, live_server, staff["editor"], width=width)
    pages = {
        "change-form": reverse("admin:releases_release_change", args=[release.pk]),
        "add-form": reverse("admin:releases_release_add"),
        "list": reverse("admin:releases_release_changelist"),
    }
    problems = {}
    for name, path in pages.items():
        page.goto(path)
        page.wait_for_load_state("load")
        screenshot(page, f"admin-{name}-{width}")
        if violations := axe_violations(page):
            problems[name] = violations
        if name == "list" and width == "desktop":
            assert not has_horizontal_overflow(page), "the releases list fits its box"
    assert not problems, "\n".join(
        f"{name}: {rule} {impact} {targets}" for name, found in problems.items() for rule, impact, targets in found
    )
