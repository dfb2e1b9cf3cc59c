from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from newsroom.converters import MonthConverter, YearConverter
from releases import views as release_views

register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")

admin.site.site_header = _("Newsroom administration")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Releases, organisations and contacts")

# "/" has no page of its own: LocaleMiddleware redirects it to /es/ or /en/ by the browser's
# language (Spanish when it prefers neither).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("", release_views.home, name="home"),
    path(_("releases/"), include("releases.urls")),
    path(_("organisations/"), include("contacts.urls")),
    path(_("feeds/"), include("releases.feed_urls")),
    path(_("subscribe/"), release_views.subscribe, name="subscribe"),
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
