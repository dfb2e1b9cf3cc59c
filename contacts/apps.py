from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Organisations and contacts")

    def ready(self):
        from newsroom import freshness

        # The directory is on public pages: organisations, their links, contacts, former slugs.
        freshness.watch_app(self.label)
