from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from contacts.sitemaps import OrganisationSitemap
from newsroom.converters import MonthConverter, YearConverter
from newsroom.views import robots_txt, security_txt
from releases.media import serve_media
from releases.sitemaps import PageSitemap, ReleaseSitemap, TopicSitemap

register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")


SITEMAPS = {
    "pages": PageSitemap,
    "releases": ReleaseSitemap,
    "organisations": OrganisationSitemap,
    "topics": TopicSitemap,
}

handler500 = "newsroom.views.server_error"

# "/" has no page of its own: LocaleMiddleware redirects it to /es/ or /en/ by the browser's
# language (Spanish when it prefers neither).
# Every URL name of ours is namespaced: site:…, releases:…, topics:…, feeds:…, contacts:….
site = (
    [
        path("robots.txt", robots_txt, name="robots_txt"),
        path(".well-known/security.txt", security_txt, name="security_txt"),
        path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
        # Every uploaded file, in the demo and in production alike (releases/media.py).
        path("media/<path:name>", serve_media, name="media"),
    ],
    "site",
)
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(site)),
]
urlpatterns += i18n_patterns(
    path("", include("releases.urls")),
    path(_("topics/"), include("releases.topic_urls")),
    path(_("feeds/"), include("releases.feed_urls")),
    path("", include("contacts.urls")),
    path(_("alerts/"), include("alerts.urls")),
)
