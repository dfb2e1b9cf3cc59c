from django.urls import path

from contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation"),
]
