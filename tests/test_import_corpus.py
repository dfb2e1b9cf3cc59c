"""How well the importer reads releases as organisations write them: field accuracy over a corpus.

`tests/import_corpus/` holds invented releases in Spanish and English from a dozen countries,
each with the JSON a careful reader would take from it (see the README there). Each file is
read as the import command reads it (bytes decoded by `files.decode`, then `parse_release`)
and compared with its expected JSON field by field.

Scoring, per file and field, a number from 0 to 1:

- one value (title, dateline place, date, embargo): 1 when equal, else 0 (texts compared
  with runs of white space collapsed);
- a list (summary points, body paragraphs, background items, contact names, spokesperson
  pairs, phones, emails, links, organisations, organisation links): the number of items found
  in both, counted with repetition, divided by the length of the longer list; 1 when both are
  empty. A missing item and an extra item cost the same, so putting text in the wrong field
  is paid twice (missing where it belongs, extra where it went).
  - body paragraphs are the blocks between blank lines;
  - phones are compared by their digits (and a leading +), emails without case;
  - a spokesperson pair is (spokesperson or None, press contact's name), one per entry;
  - a link is (label, URL); an organisation link is (organisation's name, URL), so a social
    link given to the wrong issuing organisation counts as wrong;
- a file the importer refuses (ParseError) is scored as if nothing had been read from it;
- translations: for every language either side has, the mean of its title, summary, body
  and background scores (a language only one side has scores 0); 1 when neither has one.

The accuracy of a field is its mean over the files; the corpus accuracy is the mean over
every file and field. The test fails when the corpus accuracy is below 0.95 or any single
field is below 0.85. The contacts' organisations are reported too but not scored (whether
“Communications Manager, X” names X as the contact's organisation is a judgement call).

A per-file report, for debugging:  .venv/bin/python tests/test_import_corpus.py [NAME ...]
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).parent / "import_corpus"
# The corpus's wire-service datelines give no year: they are read as of this day.
READ_ON = "2025-03-10 12:00"
THRESHOLD = 0.95
FIELD_FLOOR = 0.85


def corpus_names(folder=CORPUS):
    return sorted(path.stem for path in folder.glob("*.md") if path.name != "README.md")


def parse_file(name, folder=CORPUS):
    from releases.importing.files import decode
    from releases.importing.parser import parse_release

    text, _warnings = decode((folder / f"{name}.md").read_bytes())
    return parse_release(text, source=f"{name}.md", default_zone="America/Mexico_City", phone_region="MX")


# --- scoring ----------------------------------------------------------------------------------


def _text(value):
    return " ".join(str(value).split()) if value is not None else None


def _paragraphs(body):
    return [_text(chunk) for chunk in re.split(r"\n\s*\n", body or "") if chunk.strip()]


def _phone(value):
    return re.sub(r"[^\d+]", "", value)


def list_score(expected, got):
    expected, got = Counter(expected), Counter(got)
    longest = max(sum(expected.values()), sum(got.values()))
    return 1.0 if longest == 0 else sum((expected & got).values()) / longest


def one_score(expected, got):
    return 1.0 if _text(expected) == _text(got) else 0.0


def _contacts(data):
    return [entry["press_contact"] for entry in data["media_contacts"]]


# field -> function(data) giving a value (scored as one) or a list (scored as a list)
FIELDS = {
    "title": lambda d: d["title"],
    "summary": lambda d: [_text(point) for point in d["summary"]],
    "dateline_place": lambda d: d["dateline_place"],
    "date": lambda d: d["date"],
    "embargo_until": lambda d: d["embargo_until"],
    "body": lambda d: _paragraphs(d["body"]),
    "background": lambda d: [_text(item) for item in d["context"]],
    "contact_names": lambda d: [_text(contact["name"]) for contact in _contacts(d)],
    "spokesperson_pairs": lambda d: [
        (_text(entry["spokesperson"]), _text(entry["press_contact"]["name"])) for entry in d["media_contacts"]
    ],
    "phones": lambda d: [_phone(phone) for contact in _contacts(d) for phone in contact["phones"]],
    "emails": lambda d: [email.lower() for contact in _contacts(d) for email in contact["emails"]],
    "links": lambda d: [(_text(link["label"]), link["url"]) for link in d["links"]],
    "organisations": lambda d: [_text(organisation["name"]) for organisation in d["issuing_organisations"]],
    "organisation_links": lambda d: [
        (_text(issuing["name"]), url) for issuing in d["issuing_organisations"] for url in issuing["links"]
    ],
}
REPORTED_ONLY = {"contact_organisations": lambda d: [_text(contact["organisation"]) for contact in _contacts(d)]}


def translation_score(expected, got):
    languages = set(expected) | set(got)
    if not languages:
        return 1.0
    scores = []
    for language in languages:
        if language not in expected or language not in got:
            scores.append(0.0)
            continue
        mine, theirs = expected[language], got[language]
        scores.append(
            (
                one_score(mine["title"], theirs["title"])
                + list_score([_text(p) for p in mine["summary"]], [_text(p) for p in theirs["summary"]])
                + list_score(_paragraphs(mine["body"]), _paragraphs(theirs["body"]))
                + list_score([_text(i) for i in mine["context"]], [_text(i) for i in theirs["context"]])
            )
            / 4
        )
    return sum(scores) / len(scores)


def score(expected, got, fields=FIELDS):
    """{field: score} of one file."""
    scores = {}
    for field, value_of in fields.items():
        mine, theirs = value_of(expected), value_of(got)
        scores[field] = list_score(mine, theirs) if isinstance(mine, list) else one_score(mine, theirs)
    if fields is FIELDS:
        scores["translations"] = translation_score(expected["translations"], got["translations"])
    return scores


NOTHING_READ = {
    "title": "", "summary": [], "dateline_place": None, "date": None, "embargo_until": None, "body": "",
    "context_heading": None, "context": [], "media_contacts": [], "links": [], "issuing_organisations": [],
    "translations": {}, "warnings": [],
}  # fmt: skip


def corpus_scores(names=None, folder=CORPUS):
    """{name: ({field: score}, expected, got)} for the corpus (or another folder of pairs)."""
    from releases.importing.parser import ParseError

    results = {}
    for name in names or corpus_names(folder):
        expected = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        try:
            got = parse_file(name, folder).as_json()
        except ParseError as error:
            got = dict(NOTHING_READ, warnings=[f"ParseError: {error}"])
        results[name] = (score(expected, got), expected, got)
    return results


def field_means(results):
    fields = next(iter(results.values()))[0]
    return {field: sum(scores[field] for scores, _e, _g in results.values()) / len(results) for field in fields}


def overall_accuracy(results):
    """The mean over every file and field."""
    every_score = [value for scores, _e, _g in results.values() for value in scores.values()]
    return sum(every_score) / len(every_score)


# --- the tests --------------------------------------------------------------------------------


def test_the_corpus_is_varied_enough():
    names = corpus_names()
    by_language = Counter(name.split("-")[0] for name in names)
    countries = {name.split("-")[1] for name in names}
    assert len(names) >= 40
    assert by_language["es"] >= 15 and by_language["en"] >= 15 and by_language["bi"] >= 3
    assert len(countries) >= 8
    assert all((CORPUS / f"{name}.json").exists() for name in names)
    # Two files keep Windows line endings and non-breaking spaces, as they were written.
    for name in ("es-es-inquilinas-barcelona", "en-in-gig-workers-delhi"):
        data = (CORPUS / f"{name}.md").read_bytes()
        assert b"\r\n" in data and "\u00a0".encode() in data


def expected_keys():
    """The keys of an expected JSON: the import command's, less those the run or the database decide."""
    from releases.importing.parser import parse_release

    decided_elsewhere = ("source", "mentioned_organisations", "front_matter", "warnings")
    return [key for key in parse_release("# T\n\nTexto.").as_json() if key not in decided_elsewhere]


def test_the_expected_json_has_the_import_command_s_shape():
    keys = expected_keys()
    for name in corpus_names():
        assert list(json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))) == keys, name


def test_field_accuracy_over_the_corpus(time_machine):
    time_machine.move_to(READ_ON)
    results = corpus_scores()
    means = field_means(results)
    overall = overall_accuracy(results)
    report = ", ".join(f"{field} {value:.2f}" for field, value in means.items())
    assert overall >= THRESHOLD, f"accuracy {overall:.3f}: {report}"
    assert min(means.values()) >= FIELD_FLOOR, report


def _words(text):
    return re.findall(r"[^\W_]+", text)


def _framing_words():
    """The words releases are framed with (labels, headings, dates, zones …): read, not kept."""
    from releases.importing import vocabulary, zones

    names = ["LABELS", "BACKGROUND_HEADINGS", "CONTACT_HEADINGS", "MORE_INFORMATION_HEADINGS", "LINK_HEADINGS"]
    names += ["SIGN_OFFS", "FOLLOW_US", "DETAIL_LABELS", "MOBILE_LABELS", "LANGUAGE_MARKERS", "LANGUAGE_NOTES"]
    names += ["DATE_LABELS", "CONTACT_COLUMNS", "SPOKESPEOPLE_HEADINGS"]
    framing = {word for name in names for phrase in getattr(vocabulary, name) for word in phrase.split()}
    framing |= set(vocabulary.WEEKDAYS) | set(vocabulary.MONTHS) | {n.lower() for n in zones.NAMES}
    framing |= {word for zone in vocabulary.ZONE_WORDS for word in zone.split()}
    framing |= vocabulary.HONORIFICS  # honorifics: “Mr Lwazi Mthembu” is Lwazi Mthembu
    return framing | set(re.findall(r"\S+", _MORE_FRAMING))


_MORE_FRAMING = """
embargado embargada embargoed embargo hasta until till las horas hora hrs h am pm a m del de on o n source issued
by mailto efe prnewswire cnw para entrevistas con comunicarse contacte for interviews with interview requests
arrange an or to please ends fin facebook x instagram bluesky comunicate website web twitter youtube linkedin tiktok
is are available interview interviews está están disponible disponibles entrevistas not before release
business wire globe newswire cnw rv re fwd
"""


def test_no_word_of_the_corpus_is_lost(time_machine):
    """Every word of every release is somewhere in its parse, or is one of the framing words
    (a label, a heading, a date or time, a zone) the parser read into a field of its own."""
    from releases.importing.pasted_text import as_markdown
    from releases.importing.vocabulary import fold

    time_machine.move_to(READ_ON)
    framing = _framing_words()
    for name in corpus_names():
        parsed = parse_file(name)
        kept = list(parsed.envelope)  # the email's header lines, read and set aside
        for part in [parsed.main, *parsed.translations.values()]:
            kept += [part.title, part.body, part.context_markdown, part.dateline_place or "", *part.summary]
            for entry in part.media_contacts:
                contact = entry.press_contact
                kept += [entry.spokesperson or "", entry.spokesperson_role, contact.name, contact.organisation or ""]
                kept += [contact.role, *contact.phones, *contact.emails]
            kept += [f"{link.label or ''} {link.url}" for link in part.links]
            kept += [
                f"{o.name} {o.alternative_name or ''} {o.short_name or ''} {' '.join(o.links)}"
                for o in part.issuing_organisations
            ]
        kept_words = {word.casefold() for word in _words(" ".join(kept))}
        source = as_markdown((CORPUS / f"{name}.md").read_text(encoding="utf-8"))
        missing = {
            word
            for word in _words(source)
            if word.casefold() not in kept_words and fold(word) not in framing and not re.fullmatch(r"\d+\w{0,2}", word)
        }
        assert not missing, (name, missing)


def test_the_scoring_sees_a_wrong_field():
    """The measure itself: a value moved to the wrong field costs there and where it belongs."""
    expected = json.loads((CORPUS / "es-mx-agua-monterrey.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(expected))
    assert set(score(expected, got).values()) == {1.0}
    got["context"], got["body"] = [], got["body"] + "\n\n" + expected["context"][0]
    scores = score(expected, got)
    assert scores["background"] == 0.0 and scores["body"] == 4 / 5
    got["issuing_organisations"][0]["links"] = got["issuing_organisations"][0]["links"][:2]
    assert score(expected, got)["organisation_links"] == 0.5


# --- the report -------------------------------------------------------------------------------


def print_report(names, folder=CORPUS):
    import time_machine

    with time_machine.travel(READ_ON, tick=False):
        results = corpus_scores(names or None, folder)
    for name, (scores, expected, got) in results.items():
        low = {field: value for field, value in scores.items() if value < 1}
        print(f"{sum(scores.values()) / len(scores):.2f}  {name}")
        for field in low:
            value_of = FIELDS.get(field)
            mine = value_of(expected) if value_of else expected["translations"]
            theirs = value_of(got) if value_of else got["translations"]
            print(f"      {field} {low[field]:.2f}\n        expected {mine!r}\n        got      {theirs!r}")
        for warning in got["warnings"]:
            print(f"      warning: {warning}")
    means = field_means(results)
    print("\n" + "\n".join(f"{value:.3f}  {field}" for field, value in means.items()))
    organisations = [score(e, g, REPORTED_ONLY)["contact_organisations"] for _s, e, g in results.values()]
    print(f"({sum(organisations) / len(organisations):.3f}  contact_organisations, not scored)")
    total = overall_accuracy(results)
    print(f"{total:.3f}  overall, {len(results)} files")


if __name__ == "__main__":
    import os

    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "report-only")
    django.setup()
    print_report(sys.argv[1:])
