from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("Releases")

    def ready(self):
        from newsroom import freshness
        from releases import indexing
        from releases.signals import content_changed, scheduled_changes

        # Public pages show releases, their rows, notes and topics: any change to them, and
        # releases going public at their moment, make cached pages old.
        freshness.watch_app(self.label)
        freshness.set_schedule(scheduled_changes)
        content_changed.connect(freshness.changed, dispatch_uid="newsroom.freshness")
        indexing.connect()
