"""The writer and editor roles: the migrations that give them their permissions, and the demo accounts."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


# --- Roles and demo accounts ---------------------------------------------------------------------


def test_the_roles_migrations_are_idempotent_and_give_each_role_its_permissions():
    """0008 made the roles, 0017 mended and widened them; each runs again (on the models of its
    time, as a migration does) without changing anything."""
    from importlib import import_module

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    for _round in range(2):
        for name, function in [
            ("0008_writers_and_editors", "create_groups"),
            ("0017_roles_add_people_and_issuing_organisations", "forwards"),
        ]:
            historical = loader.project_state(("releases", name)).apps
            getattr(import_module(f"releases.migrations.{name}"), function)(historical, None)
    writers, editors = Group.objects.get(name="Writers"), Group.objects.get(name="Editors")
    assert Group.objects.filter(name__in=["Writers", "Editors"]).count() == 2
    writer_perms = set(writers.permissions.values_list("codename", flat=True))
    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_release", "change_release", "view_release", "delete_release"} <= writer_perms
    assert not {"publish_release", "withdraw_release", "manage_preview_links"} & writer_perms
    assert {"publish_release", "withdraw_release", "manage_preview_links"} <= editor_perms
    assert writer_perms <= editor_perms | {"view_topic"}
    issuing = {"add_issuingorganisation", "change_issuingorganisation", "delete_issuingorganisation"}
    assert issuing <= writer_perms and issuing <= editor_perms
    assert not any("signatory" in codename for codename in writer_perms | editor_perms)
    # People from the release's form: writers and editors add a person; only administrators add
    # or change an organisation, and writers change nobody's details.
    assert "add_contact" in writer_perms and not {"change_contact", "add_organisation"} & writer_perms
    assert {"add_contact", "change_contact"} <= editor_perms
    assert not {"add_organisation", "change_organisation"} & editor_perms


def test_create_demo_admin_adds_a_writer_and_an_editor(settings):
    settings.DEBUG = True
    settings.DEFAULT_SQLITE_PATH = settings.DATABASES["default"]["NAME"]
    out, out_es = StringIO(), StringIO()
    with translation.override("en"):  # manage.py speaks the user's locale (newsroom/cli.py)
        call_command("create_demo_admin", stdout=out)
    call_command("create_demo_admin", stdout=out_es)  # twice is fine
    users = get_user_model().objects
    writer, editor = users.get(username="writer"), users.get(username="editor")
    assert [group.name for group in writer.groups.all()] == ["Writers"]
    assert [group.name for group in editor.groups.all()] == ["Editors"]
    assert writer.is_staff and not writer.is_superuser and writer.check_password("newsroom-demo")
    assert writer.has_perm("releases.change_release") and not writer.has_perm("releases.publish_release")
    assert "user: writer  password: newsroom-demo" in out.getvalue()
    assert "user: editor  password: newsroom-demo" in out.getvalue()
    assert "Redactor: usuario: writer  contraseña: newsroom-demo" in out_es.getvalue()
