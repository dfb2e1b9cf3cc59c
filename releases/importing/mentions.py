"""Finding the organisations a release names in its text (Release.mentioned_organisations).

Only organisations already in the directory are looked for; a name nobody has entered is not
made into an organisation. What counts as naming one:

- its name in either language, as whole words, ignoring case and accents (“Secretaria de
  Coordinacion Digital” finds “Secretaría de Coordinación Digital”); a one-word name must start
  with the same capital letter as in the directory, so “Fundar” the organisation is found but
  not “fundar” the verb;
- its short name, as a whole word and written exactly as in the directory (accents aside), and
  only when it looks like an acronym (“INAI”, “R3D”, “SocialTic”: two capitals or a digit),
  so that “SFP” is found but neither “sfp” nor an ordinary word someone used as a short name.

Plain Python: `find_mentions` gets the directory as rows and the text as strings.
"""

import re

from newsroom.text import without_accents

_WORD = r"[^\W_]"
_NAME_WITH_ACRONYM = re.compile(r"^\s*(?P<name>[^()]+?)\s*\((?P<short>[^()]+)\)\s*$")


def looks_like_acronym(short_name):
    return len(short_name) >= 2 and (sum(c.isupper() for c in short_name) >= 2 or any(c.isdigit() for c in short_name))


def _whole(body):
    return f"(?<!{_WORD}){body}(?!{_WORD})"


def _words(words, *, ignore_case):
    """Words in sequence, separated by anything that is not a letter or digit."""
    escaped = [f"(?i:{re.escape(word)})" if ignore_case else re.escape(word) for word in words]
    return r"[\W_]+".join(escaped)


def organisation_patterns(names, short_name):
    """Compiled patterns that find an organisation with these names (either language) and short name."""
    patterns, shorts = [], [short_name] if short_name else []
    for name in names:
        match = _NAME_WITH_ACRONYM.match(name or "")
        if match:  # “Red en Defensa de los Derechos Digitales (R3D)”
            name = match["name"]
            shorts.append(match["short"])
        words = re.findall(r"[^\W_]+", without_accents(name))
        if sum(len(word) for word in words) < 3:
            continue
        if len(words) == 1:  # the capital as written, the rest in any case
            word = words[0]
            patterns.append(_whole(re.escape(word[0]) + _words([word[1:]], ignore_case=True)))
        else:
            patterns.append(_whole(_words(words, ignore_case=True)))
    for short in shorts:
        short = without_accents(short.strip())
        if looks_like_acronym(short):
            patterns.append(_whole(_words(re.findall(r"[^\W_]+", short), ignore_case=False)))
    return [re.compile(pattern) for pattern in dict.fromkeys(patterns)]


def find_mentions(texts, directory):
    """The keys of the organisations named in `texts`, in the directory's order.

    `directory` is [(key, [names], short name)].
    """
    text = without_accents("\n\n".join(text for text in texts if text))
    if not text.strip():
        return []
    return [
        key
        for key, names, short_name in directory
        if any(pattern.search(text) for pattern in organisation_patterns(names, short_name))
    ]
