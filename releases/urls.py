from django.urls import path

from releases import views

app_name = "releases"
urlpatterns = [
    path("", views.ReleaseListView.as_view(), name="list"),
    path("<yyyy:year>/", views.ReleaseArchiveView.as_view(), name="year"),
    path("<yyyy:year>/<mm:month>/", views.ReleaseArchiveView.as_view(), name="month"),
    path("<yyyy:year>/<mm:month>/<slug:slug>/", views.release_detail, name="detail"),
]
