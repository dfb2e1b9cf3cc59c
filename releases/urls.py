"""The public pages about releases, mounted at the root of each language (/es/, /en/)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from releases import views
from releases.search import views as search_views

app_name = "releases"
releases = _("releases/")
urlpatterns = [
    path("", views.home, name="home"),
    path(releases, views.ReleaseListView.as_view(), name="list"),
    path(format_lazy("{}<yyyy:year>/", releases), views.ReleaseArchiveView.as_view(), name="year"),
    path(format_lazy("{}<yyyy:year>/<mm:month>/", releases), views.ReleaseArchiveView.as_view(), name="month"),
    path(format_lazy("{}<yyyy:year>/<mm:month>/<slug:slug>/", releases), views.release_detail, name="detail"),
    path(
        format_lazy("{}<yyyy:year>/<mm:month>/<slug:slug>/{}<int:contact>.vcf", releases, _("contacts/")),
        views.contact_card,
        name="contact_card",
    ),
    path(format_lazy("{}{}<str:token>/", releases, _("preview/")), views.release_preview, name="preview"),
    path(_("search/"), search_views.SearchView.as_view(), name="search"),
    path(_("subscribe/"), views.subscribe, name="subscribe"),
]
