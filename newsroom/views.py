from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    """Crawlers may read everything public except search results; the sitemap lists the pages."""
    search_pages = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            search_pages.append(reverse("releases:search"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        *[f"Disallow: {path}" for path in search_pages],
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('site:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
