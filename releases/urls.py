from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from releases import views

app_name = "releases"
urlpatterns = [
    path("", views.ReleaseListView.as_view(), name="list"),
    path("<yyyy:year>/", views.ReleaseArchiveView.as_view(), name="year"),
    path("<yyyy:year>/<mm:month>/", views.ReleaseArchiveView.as_view(), name="month"),
    path("<yyyy:year>/<mm:month>/<slug:slug>/", views.release_detail, name="detail"),
    path(format_lazy("{}<str:token>/", _("preview/")), views.release_preview, name="preview"),
]
