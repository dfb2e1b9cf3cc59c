from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path(_("check-your-inbox/"), views.requested, name="requested"),
    path(format_lazy("{}<str:token>/", _("confirm/")), views.confirm, name="confirm"),
    path(format_lazy("{}<str:token>/", _("subscription/")), views.manage, name="manage"),
    path(format_lazy("{}<str:token>/", _("unsubscribe/")), views.unsubscribe, name="unsubscribe"),
]
