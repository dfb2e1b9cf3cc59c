from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("Releases")

    def ready(self):
        from releases.search import register_sqlite_functions

        # Search on SQLite folds accents and case with a Python function (see releases/search.py).
        connection_created.connect(register_sqlite_functions, dispatch_uid="releases.search.sqlite_functions")
