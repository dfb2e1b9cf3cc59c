"""How the importer reads releases it was not tuned on: a blind set, reported, not gated.

`tests/import_corpus_blind/` holds releases written without reading the importer's code, in
styles and from countries the main corpus (`tests/import_corpus/`) lacks. The README there
describes them. They are scored exactly as the main corpus is, by the functions of
`tests/test_import_corpus.py`. The accuracy is printed, not asserted: the set measures how
the importer reads what it has not seen, and a threshold here would invite tuning to it.
What is asserted is that the set itself can be trusted: it is large and varied enough, and
every expected JSON is complete and well typed, so a low score means a misreading and not a
broken answer key.

    SECRET_KEY=x .venv/bin/pytest tests/test_import_corpus_blind.py -q -s   # the figures
    .venv/bin/python -m tests.test_import_corpus_blind [NAME ...]            # file by file
"""

import datetime
import json
import sys
from collections import Counter
from pathlib import Path

from tests.test_import_corpus import (
    CORPUS,
    READ_ON,
    corpus_names,
    corpus_scores,
    expected_keys,
    field_means,
    overall_accuracy,
    print_report,
)

BLIND = Path(__file__).parent / "import_corpus_blind"
TRANSLATION_KEYS = ["title", "summary", "body", "context_heading", "context"]
CONTACT_KEYS = ["name", "organisation", "phones", "emails"]


def _countries(folder):
    return Counter(name.split("-")[1] for name in corpus_names(folder))


def test_the_blind_set_is_large_and_varied():
    names = corpus_names(BLIND)
    by_language = Counter(name.split("-")[0] for name in names)
    assert len(names) >= 30
    assert by_language["es"] >= 12 and by_language["en"] >= 12 and by_language["bi"] >= 4
    assert set(by_language) == {"es", "en", "bi"}
    # Mostly countries whose conventions the parser was not tuned on.
    known = set(_countries(CORPUS))
    new = [name for name in names if name.split("-")[1] not in known]
    assert len(new) >= len(names) / 2, "most blind releases come from countries the main corpus lacks"
    assert {path.stem for path in BLIND.glob("*.json")} == set(names), "every release has its expected JSON"


def _is_text(value):
    return isinstance(value, str) and value.strip() == value and value != ""


def _is_list_of_text(value):
    return isinstance(value, list) and all(_is_text(item) for item in value)


def _check_part(part, where):
    assert _is_text(part["title"]), f"{where}: title"
    assert _is_list_of_text(part["summary"]), f"{where}: summary"
    assert _is_text(part["body"]), f"{where}: body"
    assert part["context_heading"] is None or _is_text(part["context_heading"]), f"{where}: context_heading"
    assert _is_list_of_text(part["context"]), f"{where}: context"


def _check_release(data, name):
    assert data["language"] in ("es", "en"), name
    _check_part(data, name)
    assert data["dateline_place"] is None or _is_text(data["dateline_place"]), f"{name}: dateline_place"
    if data["date"] is not None:
        datetime.date.fromisoformat(data["date"])
    if data["embargo_until"] is not None:
        embargo = datetime.datetime.fromisoformat(data["embargo_until"])
        assert embargo.utcoffset() is not None, f"{name}: an embargo carries its offset"
    for entry in data["media_contacts"]:
        assert list(entry) == ["spokesperson", "press_contact"], name
        assert entry["spokesperson"] is None or _is_text(entry["spokesperson"]), name
        contact = entry["press_contact"]
        assert list(contact) == CONTACT_KEYS, name
        assert _is_text(contact["name"]) and (contact["organisation"] is None or _is_text(contact["organisation"]))
        assert _is_list_of_text(contact["phones"]) and _is_list_of_text(contact["emails"]), name
        assert all("@" in email for email in contact["emails"]), name
    for link in data["links"]:
        assert list(link) == ["label", "url"], name
        assert link["label"] is None or _is_text(link["label"]), name
        assert link["url"].startswith(("http://", "https://")), f"{name}: {link['url']}"
    for signer in data["issuing_organisations"]:
        assert list(signer) == ["name", "links"] and _is_text(signer["name"]), name
        assert all(url.startswith(("http://", "https://")) for url in signer["links"]), name
    translations = data["translations"]
    assert isinstance(translations, dict) and data["language"] not in translations, name
    assert name.startswith("bi-") == bool(translations), f"{name}: bilingual files, and only they, have one"
    for language, part in translations.items():
        assert language in ("es", "en") and list(part) == TRANSLATION_KEYS, name
        _check_part(part, f"{name} ({language})")


def test_every_expected_json_is_complete_and_well_typed():
    keys = expected_keys()
    for name in corpus_names(BLIND):
        data = json.loads((BLIND / f"{name}.json").read_text(encoding="utf-8"))
        assert list(data) == keys, name
        _check_release(data, name)


def test_report_the_accuracy_on_the_blind_set(time_machine):
    """Prints the figures; asserts no threshold (see the module's docstring)."""
    time_machine.move_to(READ_ON)
    results = corpus_scores(folder=BLIND)
    assert set(results) == set(corpus_names(BLIND))
    means = field_means(results)
    print(f"\nBlind set: {len(results)} files, overall accuracy {overall_accuracy(results):.3f}")
    for field, value in means.items():
        print(f"  {value:.3f}  {field}")
    by_file = {name: sum(scores.values()) / len(scores) for name, (scores, _e, _g) in results.items()}
    print("The ten worst files:")
    for name in sorted(by_file, key=lambda name: (by_file[name], name))[:10]:
        misses = ", ".join(f"{field} {value:.2f}" for field, value in results[name][0].items() if value < 1)
        print(f"  {by_file[name]:.2f}  {name}: {misses}")


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "report-only")
    django.setup()
    print_report(sys.argv[1:], BLIND)
