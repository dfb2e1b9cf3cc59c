"""A release in two languages: telling the language, splitting a file in two, joining two versions.

A bilingual file holds the release in one language and then in the other, usually with one
signature and one contacts block after both (“Para entrevistas con / For interviews with …”).
The second version becomes the translation; what only one version has (contacts, links,
issuing organisations, the date or embargo) belongs to the release.
"""

import re
from dataclasses import replace

from releases.importing import problems
from releases.importing.opening import is_headline
from releases.importing.parsed import Link
from releases.importing.sections import section_heading
from releases.importing.vocabulary import LANGUAGE_MARKERS, LANGUAGES, fold, reading_languages

_COMMON = {language: frozenset(module.COMMON_WORDS.split()) for language, module in LANGUAGES.items()}


def word_counts(text, languages):
    """How many common words of each of `languages` the text has, in that order."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return tuple(sum(word in _COMMON[language] for word in words) for language in languages)


def detect_language(text, *, other_than=None):
    """The newsroom's language the text has most common words of (the language of record on a
    tie); with `other_than`, the likeliest of the others (the second version of a file)."""
    languages = [language for language in reading_languages() if language != other_than]
    return _main(word_counts(text, languages), languages)


def is_language_marker(block):
    return block.kind in ("paragraph", "heading") and len(block.lines) == 1 and fold(block.text()) in LANGUAGE_MARKERS


def split_languages(blocks):
    """[blocks] or [first language's blocks, second language's blocks] for a bilingual file.

    The second version starts at a headline (or a line such as “English version”) where the
    text before is clearly in one language and the text that follows (its first blocks: what
    closes a bilingual file is often in both) clearly in the other.
    """
    languages = reading_languages()
    if len(languages) < 2:
        return [blocks]
    none = (0,) * len(languages)
    counts = [word_counts(block.text(" "), languages) if block.kind != "refs" else none for block in blocks]
    before = none
    for index, block in enumerate(blocks):
        marker = is_language_marker(block)
        if index >= 2 and (marker or (is_headline(block) and not section_heading(block)[0])):
            after = _sum(counts[index : index + _WINDOW], none)
            if _clearly(before) and _clearly(after) and _main(before, languages) != _main(after, languages):
                return [blocks[:index], blocks[index + 1 :] if marker else blocks[index:]]
        before = _sum([before, counts[index]], none)
    return [blocks]


_WINDOW = 5  # blocks read to tell the language of what follows a possible second headline


def _sum(counts, none):
    return tuple(map(sum, zip(*counts, strict=True))) if counts else none


def _main(counts, languages):
    """The language with the most words; the first of them on a tie."""
    return languages[max(range(len(languages)), key=counts.__getitem__)]  # max keeps the first of equals


def _clearly(counts):
    """One language has at least 12 common words and twice as many as the next."""
    top, *rest = sorted(counts, reverse=True)
    return top >= 12 and top >= 2 * (rest[0] if rest else 0)


def merge_translation(main, other):
    """Fold the contacts, links, issuing organisations, date and embargo of another version
    into `main`.

    Both versions usually list the same people, links and organisations; what only the other
    has is added. Issuing organisations are paired by position (their names differ by
    language); a name written in both languages (“Alianza … / Florida Farmworkers Alliance”)
    gives each version its own.
    """
    keys = {_contact_key(entry) for entry in main.media_contacts}
    for entry in other.media_contacts:
        if _contact_key(entry) not in keys:
            main.media_contacts.append(entry)
            keys.add(_contact_key(entry))
    urls = {link.url for link in main.links}
    main.links += [Link(None, link.url) for link in other.links if link.url not in urls]
    _merge_issuing_organisations(main, other)
    if main.date is None:
        main.date = other.date
    elif other.date and other.date != main.date:
        main.warnings.append(problems.dates_differ())
    if main.embargo_until is None:
        main.embargo_until = other.embargo_until
    elif other.embargo_until and other.embargo_until != main.embargo_until:
        main.warnings.append(problems.embargoes_differ())


def _contact_key(entry):
    emails = tuple(sorted(email.lower() for email in entry.press_contact.emails))
    return (emails or fold(entry.press_contact.name), entry.spokesperson)


def _merge_issuing_organisations(main, other):
    shared = other.issuing_organisations
    if shared and not main.issuing_organisations:
        # One signature after both versions: the first name is the first version's.
        main.issuing_organisations = [replace(o, links=list(o.links), alternative_name=None) for o in shared]
        other.issuing_organisations = [
            replace(o, name=o.alternative_name or o.name, links=list(o.links), alternative_name=None) for o in shared
        ]
    elif len(shared) == len(main.issuing_organisations):
        for mine, theirs in zip(main.issuing_organisations, shared, strict=True):
            mine.links.extend(url for url in theirs.links if url not in mine.links)
    elif shared:
        main.warnings.append(problems.issuing_organisations_differ(other.language))
