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

Plain Python: `find_mentions` gets the directory as rows and the text as strings. The text is
split into words once and each name is looked up word for word (not a regular expression per
organisation), so a thousand-file import against a directory of hundreds stays fast.
"""

import re
from functools import lru_cache

from newsroom.text import without_accents

_NAME_WITH_ACRONYM = re.compile(r"^\s*(?P<name>[^()]+?)\s*\((?P<short>[^()]+)\)\s*$")
_TOKEN = re.compile(r"[^\W_]+")


def looks_like_acronym(short_name):
    return len(short_name) >= 2 and (sum(c.isupper() for c in short_name) >= 2 or any(c.isdigit() for c in short_name))


def _tokens(text):
    """The words of a text without accents: names match word for word, whatever separates them."""
    return _TOKEN.findall(without_accents(text))


@lru_cache(maxsize=8192)
def organisation_keys(names, short_name):
    """What finds an organisation with these names (a tuple, either language) and short name:
    [(kind, words)]: "any case" (words in any case), "capital" (one word, its capital as
    written), "exact" (an acronym, as written)."""
    keys, shorts = [], [short_name] if short_name else []
    for name in names:
        match = _NAME_WITH_ACRONYM.match(name or "")
        if match:  # “Red en Defensa de los Derechos Digitales (R3D)”
            name = match["name"]
            shorts.append(match["short"])
        words = _tokens(name or "")
        if sum(len(word) for word in words) < 3:
            continue
        if len(words) == 1:  # the capital as written, the rest in any case
            keys.append(("capital", (words[0][0], words[0][1:].lower())))
        else:
            keys.append(("any case", tuple(word.lower() for word in words)))
    for short in shorts:
        short = without_accents(short.strip())
        if looks_like_acronym(short):
            keys.append(("exact", tuple(_tokens(short))))
    return list(dict.fromkeys(keys))


class _Text:
    """A text's words, with where each word stands, to look names up word for word."""

    def __init__(self, text):
        self.words = _tokens(text)
        self.lower = [word.lower() for word in self.words]
        self.at = {}
        for index, word in enumerate(self.lower):
            self.at.setdefault(word, []).append(index)

    def has(self, kind, words):
        if kind == "capital":
            first, rest = words
            return any(self.words[i][0] == first for i in self.at.get(first.lower() + rest, ()))
        source = self.words if kind == "exact" else self.lower
        size = len(words)
        starts = self.at.get(words[0].lower(), ())
        return any(tuple(source[i : i + size]) == words for i in starts)


def find_mentions(texts, directory):
    """The keys of the organisations named in `texts`, in the directory's order.

    `directory` is [(key, [names], short name)].
    """
    text = "\n\n".join(text for text in texts if text)
    if not text.strip():
        return []
    found = _Text(text)
    return [
        key
        for key, names, short_name in directory
        if any(found.has(kind, words) for kind, words in organisation_keys(tuple(names), short_name or ""))
    ]
