"""The email a release travelled in: the header lines above it (“From:”, “De:”, “Subject:”, “Asunto:” …).

A press office that forwards a release by email pastes it with its envelope: who sent it,
when, to whom, and its subject. Those lines are how it travelled, not part of it: they are in
no field and not in the body. The subject, without its label (“Press release:”, “COMUNICADO
|”) and reply marks (“RE:”, “RV:”, “Fwd:”), is the headline of a message that has none.
"""

import re
from dataclasses import dataclass, field

from releases.importing.vocabulary import ENVELOPE_LABELS, SUBJECT_LABELS, fold, is_label

_HEADER = re.compile(r"^\s*(?:\*\*|__)?(?P<label>[A-Za-zÁÉÍÓÚáéíóú][\w -]{0,20}?)\s*:\s*(?:\*\*|__)?\s*(?P<value>.*)$")
_FORWARDED = re.compile(r"^\s*-{2,}\s*[\w ]{3,40}\s*-{2,}\s*$")
_REPLY = re.compile(r"^(?:(?:re|rv|fw|fwd|tr|reenviar|reenviado)\s*:\s*)+", re.IGNORECASE)
_LABEL_BEFORE = re.compile(r"^(?P<label>[^:|–—]{2,60}?)\s*(?::|\||–|—|-)\s+(?=\S)")


@dataclass
class Envelope:
    lines: list = field(default_factory=list)  # the header lines, as written
    subject: str | None = None


def split_envelope(text):
    """(Envelope or None, the text below it). The envelope is a run of two header lines or
    more at the very top, one of them the sender or the subject."""
    lines = text.split("\n")
    start = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    found, end = [], start
    for index in range(start, len(lines)):
        header = _header(lines[index])
        if header is None and not _FORWARDED.match(lines[index]):
            break
        found.append(header)
        end = index + 1
    headers = [header for header in found if header]
    labels = {label for label, _value in headers}
    if len(headers) < 2 or not labels & {"from", "subject"}:
        return None, text
    subject = next((value for label, value in headers if label == "subject"), None)
    return Envelope(lines=lines[start:end], subject=_headline_of(subject)), "\n".join(lines[end:])


def _header(line):
    """("from" | "to" | "date" | "subject" | …, value) of an email header line, or None."""
    match = _HEADER.match(line)
    if not match or not match["value"].strip():
        return None
    kind = ENVELOPE_LABELS.get(fold(match["label"]))
    return (kind, match["value"].strip()) if kind else None


def _headline_of(subject):
    """The subject as a headline: without reply marks and a label before it."""
    if not subject:
        return None
    subject = _REPLY.sub("", subject.strip()).strip()
    match = _LABEL_BEFORE.match(subject)
    if match and (is_label(match["label"]) or fold(match["label"]) in SUBJECT_LABELS):
        subject = subject[match.end() :]
    return " ".join(subject.split()) or None
