"""Real-browser tests: Debian's Chromium driven by Playwright, against a real server
(pytest-django's `live_server`, on the test database).

What other browser tests build on:
- `browser`: one Chromium for the whole session (starting one costs about a second).
- `open_page(width=…, theme=…, javascript=…)`: a fresh context and page at a viewport width,
  in the light or dark theme (`prefers-color-scheme`), failing the test on any console error
  (a Content-Security-Policy refusal is one) or uncaught exception.
- `axe_violations(page)`: axe-core's violations on the page as it stands.
- `screenshot(page, name)`: a full-page PNG in var/test-artifacts/screenshots/ (CI keeps it).
- `demo`: the demo newsroom (`load_demo`) in the test database, with its images served.

Playwright never downloads a browser here: it launches the Chromium of the system
(NEWSROOM_CHROMIUM, /usr/bin/chromium by default; `.ci/run` installs Debian's package).
Without it the tests are skipped with a message, unless NEWSROOM_REQUIRE_BROWSER is set (as
`.ci/run` does): then they fail.
"""

import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
# As /work/shared/tools/browse.py launches it: headless, and nothing reaching out to the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
WIDTHS = {"desktop": (1280, 800), "phone": (360, 740)}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    message = f"{reason}: the browser tests did not run (install Debian's chromium, or run .ci/run)."
    if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
        pytest.fail(message + " NEWSROOM_REQUIRE_BROWSER is set, so this is a failure.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"No Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed")
    # Playwright's synchronous API runs an event loop in this thread; Django refuses database
    # calls from a thread with a running loop unless told they are safe, which they are here
    # (one thread, no coroutine touches the database).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(width="desktop"|"phone", theme="light"|"dark", javascript=True, language="es")."""
    contexts, problems = [], []
    documents = set()  # a page answering 404 (the 404 page's test) is not a console error of its own

    def on_console(message):
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and message.location.get("url") in documents:
            return
        if "Content Security Policy" in message.text and not message.location.get("url"):
            # Code with no URL is what the test evaluated itself: axe-core adds a <style> element
            # for some checks (on the admin's forms), which the page's policy rightly refuses.
            return
        problems.append(f"{message.text} ({message.location.get('url')})")

    def open_page(width="desktop", theme="light", javascript=True, language="es"):
        viewport_width, viewport_height = WIDTHS[width]
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": viewport_width, "height": viewport_height},
            color_scheme=theme,
            java_script_enabled=javascript,
            locale={"es": "es-MX", "en": "en-GB"}[language],
            accept_downloads=True,
            is_mobile=width == "phone",
            has_touch=width == "phone",
        )
        contexts.append(context)
        page = context.new_page()
        page.on("framenavigated", lambda frame: documents.add(frame.url))
        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, f"errors in the browser console: {problems}"


def axe_violations(page):
    """axe-core's violations, as [(rule, impact, [targets])]. The script is evaluated through
    the DevTools protocol, which the page's Content-Security-Policy does not govern (a script
    element would be refused, as it should)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:5])
        for violation in result["violations"]
    ]


LOAD_IMAGES = """async () => {
  const images = Array.from(document.images);
  images.forEach((image) => { image.loading = "eager"; });
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
}"""


def screenshot(page, name):
    """A full-page screenshot, lazy images loaded first (a person would scroll), named for the CI artefacts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(LOAD_IMAGES)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9.-]+', '-', name.lower()).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def has_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Browser tests run on committed data, emptied after each test and the content types made
    again with new ids; the process-wide ContentType cache would still hold the old ones, and
    the history kept by django-reversion on the next save would point at rows that are gone."""
    ContentType.objects.clear_cache()


@pytest.fixture
def demo(live_server, settings):
    """The demo newsroom, its uploaded images served by the live server as in `make run`."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    call_command("load_demo", stdout=StringIO())
    return live_server
