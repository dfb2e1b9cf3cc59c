from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("Releases")

    def ready(self):
        from contacts.signals import reach_lost
        from newsroom import freshness
        from releases import cards, indexing, services
        from releases.signals import content_changed, scheduled_changes

        # Public pages show releases, their rows, notes and topics: any change to them, and
        # releases going public at their moment, make cached pages old.
        freshness.watch_app(self.label)
        freshness.set_schedule(scheduled_changes)
        content_changed.connect(freshness.changed, dispatch_uid="newsroom.freshness")
        indexing.connect()
        cards.connect()

        def flag_releases(sender, contact, actor, **kwargs):
            return services.releases_flag_unreachable_press_contact(contact=contact, actor=actor)

        # A press contact who can no longer be reached: releases waiting to go public are flagged.
        reach_lost.connect(flag_releases, weak=False, dispatch_uid="releases.press_contact_unreachable")
