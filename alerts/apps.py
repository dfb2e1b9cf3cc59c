from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Email alerts")

    def ready(self):
        from alerts.admin import show_alerts_on_release_pages

        # releases knows nothing of alerts: the alerts panel joins the release's admin page from here.
        show_alerts_on_release_pages()
