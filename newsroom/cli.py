"""What every `manage.py` command shares: the user's language, and one line instead of a traceback
when the database has not been set up.

Commands speak the language of the user's locale (LC_ALL, then LC_MESSAGES, then LANG, as POSIX
reads them): English for en_*, Spanish for es_* and whenever the locale names neither ("C",
"POSIX", unset), Spanish being the newsroom's first language.
"""

import os
import sys

from django.utils.translation import gettext as _

COMMAND_LANGUAGES = ("es", "en")


def gettext_noop(message):
    """Marks a message for makemessages; Django's own would read the settings, which may be broken."""
    return message


NOT_MIGRATED = gettext_noop("run `make run` or `.venv/bin/python manage.py migrate` first")


def locale_language(environ=os.environ):
    """ "es" or "en" from the POSIX locale variables, "es" when they name neither."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:  # the first one set decides, as in the C library
            language = value.split("_")[0].split(".")[0].split("@")[0].lower()
            return language if language in COMMAND_LANGUAGES else COMMAND_LANGUAGES[0]
    return COMMAND_LANGUAGES[0]


def pending_migrations(database="default"):
    """The migrations not yet applied to the database (all of them on a new one)."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[database])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def not_migrated_message():
    return _("The database is not set up (or not up to date): %(what)s.") % {"what": _(NOT_MIGRATED)}


def require_migrated():
    """CommandError, in one line, unless every migration has been applied."""
    from django.core.management.base import CommandError

    if pending_migrations():
        raise CommandError(not_migrated_message())


def execute(argv):
    """manage.py: run the command in the user's language; an unmigrated database is one line."""
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError
    from django.utils import translation

    try:
        django.setup()  # translations need the apps; execute_from_command_line's own setup is then a no-op
    except ImproperlyConfigured as error:  # a setting the environment got wrong: its message says which
        sys.stderr.write(f"manage.py: {error}\n")
        sys.exit(1)
    # This thread only: runserver's requests get theirs from LocaleMiddleware.
    translation.activate(locale_language())
    try:
        execute_from_command_line(argv)
    except DatabaseError:
        # A command that needs tables on a database without them: say what to do, not where it broke.
        if "--traceback" in argv or not django.apps.apps.ready or not pending_migrations():
            raise
        sys.stderr.write(f"{argv[1] if len(argv) > 1 else 'manage.py'}: {not_migrated_message()}\n")
        sys.exit(1)
