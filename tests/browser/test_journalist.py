"""The journalist's job, keyboard only, in a real browser: from the home page to a search, to a
release, to its press contact's number: call it, copy it, save the contact."""

import re
from pathlib import Path

import pytest

from tests.browser.conftest import has_horizontal_overflow, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = "(selector) => document.activeElement && document.activeElement.matches(selector)"


def focused(page, selector):
    return page.evaluate(FOCUSED, selector)


def describe_focus(page):
    return page.evaluate("() => document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : null")


def tab_until(page, selector, limit):
    """Press Tab until `selector` has the focus; the number of presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} Tab presses; the focus is on {describe_focus(page)}")


def skip_to_content(page):
    """The first Tab stop is the skip link; Enter on it moves the focus to the content."""
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link"), describe_focus(page)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")


JOURNEYS = [
    pytest.param("phone", "es", "alianza", "+52 55 0162 9090", id="phone-es"),
    pytest.param("desktop", "en", "alliance", "+52 55 0162 9090", id="desktop-en"),
]


@pytest.mark.parametrize(("width", "language", "words", "number"), JOURNEYS)
def test_home_search_release_call_copy_and_save_the_contact_keyboard_only(
    demo, open_page, width, language, words, number
):
    page = open_page(width=width, language=language)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/{language}/")

    # Home: straight to the search box, type, Enter.
    skip_to_content(page)
    tab_until(page, "input[type=search]", 2)
    page.keyboard.type(words)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "?q=" in page.url and page.locator(".release-card").count() >= 1

    # Results: to the first release found, Enter.
    skip_to_content(page)
    tab_until(page, ".release-card__title a", 6)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    screenshot(page, f"journey-release-{language}-light-{width}")
    assert not has_horizontal_overflow(page)

    # The release: the first phone number within three Tab stops of the content's start.
    skip_to_content(page)
    presses = tab_until(page, 'a[href^="tel:"]', 3)
    phone = page.locator(":focus")
    assert phone.inner_text() == number and phone.get_attribute("href") == "tel:" + re.sub(r"\s", "", number)
    assert presses <= 3

    # On a phone the contacts come right after the summary, before the text; on a desktop they
    # head the sidebar, beside the headline.
    contacts = page.locator(".release__contacts").bounding_box()
    summary = page.locator(".release__summary").bounding_box()
    body = page.locator(".release__body").bounding_box()
    if width == "phone":
        assert summary["y"] + summary["height"] < contacts["y"] < body["y"]
        assert contacts["y"] - (summary["y"] + summary["height"]) < 200
    else:
        assert contacts["x"] > summary["x"] + summary["width"] and contacts["y"] < summary["y"] + summary["height"]

    # Copy: the next Tab stop is the number's copy button; Enter puts the number on the clipboard.
    page.keyboard.press("Tab")
    assert focused(page, "button.copy__button"), describe_focus(page)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('[role=status][data-copied]').textContent !== ''")
    assert page.evaluate("() => navigator.clipboard.readText()") == number

    # Save the contact: the vCard downloads.
    tab_until(page, 'a[download][href$=".vcf"]', 8)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".vcf")
    card = Path(download.value.path()).read_text(encoding="utf-8")
    assert card.startswith("BEGIN:VCARD") and f"TEL;TYPE=WORK,VOICE:{number}" in card


def test_without_javascript_the_copy_button_opens_the_number_ready_to_select(demo, open_page):
    page = open_page(width="phone", javascript=False)
    page.goto("/es/comunicados/")
    link = page.locator(".release-card__title a", has_text="Declaración conjunta")
    page.goto(link.get_attribute("href"))
    skip_to_content(page)
    tab_until(page, 'a[href^="tel:"]', 3)
    page.keyboard.press("Tab")
    assert focused(page, "details.copy > summary"), describe_focus(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    field = page.locator(":focus")
    assert field.get_attribute("readonly") is not None and field.input_value() == "+52 55 0162 9090"
    page.keyboard.press("ControlOrMeta+a")
    selected = field.evaluate("(input) => input.value.slice(input.selectionStart, input.selectionEnd)")
    assert selected == "+52 55 0162 9090"
    screenshot(page, "journey-release-es-light-phone-no-javascript")
