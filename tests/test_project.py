"""Checks on the project as a whole: migrations and translation catalogues."""

import re
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_both_languages_have_catalogues():
    assert {path.parts[-3] for path in CATALOGUES} == {"es", "en"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_string_is_translated(po_path):
    catalogue = polib.pofile(str(po_path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert not missing, f"untranslated in {po_path.parts[-3]}: {missing}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_plural_entries_have_every_form_the_language_needs(po_path):
    """Spanish has three plural forms; a missing one silently falls back to English."""
    catalogue = polib.pofile(str(po_path))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    incomplete = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural
        and sorted(index for index, text in entry.msgstr_plural.items() if text) != list(range(forms))
    ]
    assert not incomplete, f"plural forms missing in {po_path.parts[-3]}: {incomplete}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_compiled_catalogue_matches_its_source(po_path):
    """The committed .mo must be compiled from the committed .po (run `make messages`)."""

    def entries(catalogue):
        return {
            (entry.msgctxt, entry.msgid, entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
            for entry in catalogue
            if entry.msgid
        }

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing"
    source = polib.pofile(str(po_path))
    assert entries(polib.mofile(str(mo_path))) == entries(source.translated_entries())


def test_every_url_name_of_ours_is_namespaced():
    """`{% url 'releases:search' %}`, never a bare `search` that another app could take."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def bare_names(patterns, namespaced):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from bare_names(pattern.url_patterns, namespaced or bool(pattern.namespace))
            elif isinstance(pattern, URLPattern) and pattern.name and not namespaced:
                yield pattern.name

    # set_language is Django's own view (django.conf.urls.i18n), which Django names.
    assert set(bare_names(get_resolver().url_patterns, False)) == {"set_language"}


def test_dependencies_run_from_releases_to_contacts_to_newsroom_never_back():
    """newsroom/urls.py wires the apps together; nothing else below an app imports it."""
    import ast

    def imported(path):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
        return names

    below = {"newsroom": {"contacts", "releases"}, "contacts": {"releases"}}
    wrong = [
        f"{path.relative_to(ROOT)} imports {sorted(imported(path) & apps)}"
        for package, apps in below.items()
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ROOT / "newsroom" / "urls.py" and imported(path) & apps
    ]
    assert not wrong
