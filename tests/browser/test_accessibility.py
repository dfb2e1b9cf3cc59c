"""Every public page type, in both languages and both themes, at desktop and phone width:
no axe-core violation, nothing wider than the screen, no console error. Each view is saved as
a screenshot (var/test-artifacts/screenshots/<page>-<language>-<theme>-<width>.png)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Organisation
from releases.models import Release, Topic
from tests.browser.conftest import WIDTHS, axe_violations, has_horizontal_overflow, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH = {"es": "datos", "en": "data"}


def public_pages(language):
    """{page type: path} in `language`, from the demo newsroom."""
    release = (
        Release.objects.published().filter(media_contacts__isnull=False).exclude(featured_image="").distinct().first()
    )
    moment = timezone.localtime(release.published_at)
    topic = Topic.objects.filter(releases__in=Release.objects.published()).distinct().order_by("slug").first()
    organisation = Organisation.objects.publishers().order_by("slug").first()
    with translation.override(language):
        return {
            "home": reverse("releases:home"),
            "list": reverse("releases:list"),
            "year": reverse("releases:year", args=[moment.year]),
            "month": reverse("releases:month", args=[moment.year, moment.month]),
            "release": release.get_absolute_url(),
            "search": reverse("releases:search") + f"?q={SEARCH[language]}",
            "topics": reverse("topics:list"),
            "topic": topic.get_absolute_url(),
            "organisations": reverse("contacts:organisation_list"),
            "organisation": organisation.get_absolute_url(),
            "press-contacts": reverse("contacts:press_contacts"),
            "subscribe": reverse("releases:subscribe"),
            "subscribe-feed": reverse("releases:subscribe") + f"?subject=all&language={language}&format=rss",
            "subscribe-email": reverse("releases:subscribe") + f"?subject=all&language={language}&format=email",
            "alerts": reverse("alerts:subscribe"),
            "404": f"/{language}/{date.today():%Y}/no-such-page/",
        }


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_every_public_page_type_has_no_axe_violation_at_either_width(demo, open_page, language, theme):
    pages = public_pages(language)
    problems = {}
    for width in WIDTHS:
        page = open_page(width=width, theme=theme, language=language)
        for name, path in pages.items():
            response = page.goto(path)
            expected = 404 if name == "404" else 200
            assert response.status == expected, (path, response.status)
            screenshot(page, f"{name}-{language}-{theme}-{width}")
            found = axe_violations(page)
            if has_horizontal_overflow(page):
                found.append(("horizontal-overflow", "serious", []))
            if found:
                problems[f"{width} {path}"] = found
    assert not problems, f"{len(problems)} page views with problems: {problems}"
