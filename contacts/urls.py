"""The directory's public pages, mounted at the root of each language (/es/, /en/)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from contacts import views

app_name = "contacts"
organisations = _("organisations/")
urlpatterns = [
    path(organisations, views.organisation_list, name="organisation_list"),
    path(format_lazy("{}<slug:slug>/", organisations), views.OrganisationDetailView.as_view(), name="organisation"),
    path(_("press-contacts/"), views.press_contacts, name="press_contacts"),
]
