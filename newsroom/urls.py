from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from contacts import views as contact_views
from contacts.sitemaps import OrganisationSitemap
from newsroom.converters import MonthConverter, YearConverter
from newsroom.views import robots_txt, security_txt
from releases import views as release_views
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
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
urlpatterns += i18n_patterns(
    path("", release_views.home, name="home"),
    path(_("releases/"), include("releases.urls")),
    path(_("topics/"), include("releases.topic_urls")),
    path(_("search/"), release_views.SearchView.as_view(), name="search"),
    path(_("organisations/"), include("contacts.urls")),
    path(_("press-contacts/"), contact_views.press_contacts, name="press_contacts"),
    path(_("feeds/"), include("releases.feed_urls")),
    path(_("subscribe/"), release_views.subscribe, name="subscribe"),
    path(_("alerts/"), include("alerts.urls")),
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
