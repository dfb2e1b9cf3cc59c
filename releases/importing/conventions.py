"""The vocabulary of press releases: headings, markers and what a signature or summary looks like.

Predicates over blocks (releases.importing.blocks) used by the parser; no database.
"""

import re

from newsroom.text import folded as normalised
from releases.importing import dates
from releases.importing.blocks import EMAIL_PATTERN, inline_lines, is_wrapped_in, links_in, plain, same_url

# --- language -----------------------------------------------------------------------------


ES_WORDS = frozenset(
    re.findall(
        r"\S+",
        "de la que el en y los del las por un una para con se su al lo como más pero sus le ya este porque "
        "esta entre cuando muy sin sobre también hasta hay donde quien desde todo nos durante todos uno les "
        "ni contra otros ese eso ante ellos esto antes algunos unos otro otras otra él tanto esa estos mucho "
        "quienes nada muchos cual poco ella estas algunas algo nosotros es son fue ha han será están dijo ",
    )
)
EN_WORDS = frozenset(
    re.findall(
        r"\S+",
        "the of and to in that is for on with as by are was this it from at be an has have had which their "
        "its were will not but or they been we our who said would after into than these those there about "
        "more also can could should ",
    )
)


def word_counts(text):
    words = re.findall(r"[^\W\d_]+", text.lower())
    return sum(word in ES_WORDS for word in words), sum(word in EN_WORDS for word in words)


def detect_language(text):
    spanish, english = word_counts(text)
    return "en" if english > spanish else "es"


# --- recognising blocks -----------------------------------------------------------------------

CONTEXT_HEADINGS = {
    "contexto", "antecedentes", "notas para editores", "nota para editores", "notas a editores",
    "notas para los editores", "notas para periodistas", "nota para periodistas", "notas para editoras y editores",
    "background", "context", "notes to editors", "note to editors", "notes for editors", "editor s notes",
    "editors notes", "notes for journalists",
}  # fmt: skip
CONTACT_HEADINGS = {
    "contacto", "contactos", "contacto de prensa", "contactos de prensa", "contacto para medios",
    "contactos para medios", "contacto con medios", "contacto de medios", "atencion a medios", "prensa",
    "para mas informacion", "informes", "media contact", "media contacts", "press contact", "press contacts",
    "contact", "contacts", "media enquiries", "media inquiries", "for more information", "press", "media",
}  # fmt: skip
LINK_HEADINGS = {
    "ligas y materiales de interes", "ligas de interes", "ligas", "enlaces", "enlaces de interes",
    "materiales de interes", "ligas y recursos", "recursos", "referencias", "links", "further reading",
    "useful links", "links and resources", "resources", "references", "related links",
}  # fmt: skip
GENERIC_CONTEXT = CONTEXT_HEADINGS
SIGNATURE_INTROS = {
    "atentamente", "firman", "firmantes", "suscriben", "signed", "signed by", "signatories", "sincerely",
    "siguenos", "siguenos en", "siguenos en redes", "siguenos en redes sociales", "redes sociales",
    "follow us", "follow us on", "follow us on social media",
}  # fmt: skip
LANGUAGE_MARKERS = {
    "english", "english version", "in english", "english translation", "version en ingles", "ingles",
    "espanol", "version en espanol", "en espanol", "spanish", "spanish version", "in spanish",
}  # fmt: skip
END_MARKER = re.compile(r"^[\s\-–—*_#]*(?:-?\s*30\s*-?|fin|ends?|#\s*#\s*#)[\s\-–—*_#]*$", re.IGNORECASE)
FUNCTION_WORDS = {
    "de", "del", "la", "las", "el", "los", "para", "por", "en", "y", "e", "a", "al", "con", "sobre",
    "of", "the", "for", "and", "in", "on", "to", "at",
}  # fmt: skip


def section_kind(title):
    """ "context", "contacts", "links" or None for a heading; “Contacto / Contact” counts too."""
    for piece in re.split(r"\s+[/|·]\s+", title):
        name = normalised(piece)
        if name in CONTEXT_HEADINGS or name.startswith(("acerca de ", "acerca del ", "about ")):
            return "context"
        if name in CONTACT_HEADINGS:
            return "contacts"
        if name in LINK_HEADINGS:
            return "links"
    return None


def heading_text(block):
    """The text of a heading, or of a one-line paragraph written as one (bold, capitals or “…:”)."""
    if block.kind == "heading":
        return block.text(breaks=" ")
    if block.kind == "paragraph" and len(block.lines) == 1:
        children = block.inlines[0].children or []
        text = block.text(breaks=" ")
        if len(text) <= 80 and (is_wrapped_in(children, "strong_open") or text.endswith(":") or text.isupper()):
            return text
    return None


def block_section(block):
    text = heading_text(block)
    return (section_kind(text.strip(" :*")), text.strip(" :*")) if text else (None, None)


def is_end_marker(block):
    return len(block.lines) == 1 and block.kind in ("paragraph", "heading", "list") and END_MARKER.match(block.lines[0])


def is_release_line(block):
    return (
        block.kind in ("paragraph", "heading")
        and len(block.lines) <= 2
        and dates.RELEASE_LINE_PATTERN.match(block.text(" "))
    )


def is_headline(block):
    if block.kind == "heading":
        return bool(block.text(" ").strip()) and not is_end_marker(block)
    if block.kind == "paragraph" and len(block.lines) <= 2:
        return is_wrapped_in(block.inlines[0].children or [], "strong_open")
    return False


def is_language_marker(block):
    return (
        block.kind in ("paragraph", "heading")
        and len(block.lines) == 1
        and normalised(block.text()) in LANGUAGE_MARKERS
    )


def summary_points_of(block):
    """The points of an all-italic list or paragraph, else None."""
    if block.kind == "list":
        points = []
        for _lines, inlines in block.items():
            if len(inlines) != 1 or not is_wrapped_in(inlines[0].children or [], "em_open"):
                return None
            points.append(" ".join(plain(inlines[0].children, breaks=" ").split()))
        return points or None
    if block.kind == "paragraph" and is_wrapped_in(block.inlines[0].children or [], "em_open"):
        return [" ".join(block.text(breaks=" ").split())]
    return None


def link_only_entries(block):
    """[(label or None, url)] when every line or item of `block` is one link, else None."""
    if block.kind == "list":
        groups = [
            [child for inline in inlines for child in (inline.children or [])] for _lines, inlines in block.items()
        ]
    elif block.kind == "paragraph":
        groups = inline_lines(block.inlines[0].children or [])
    else:
        return None
    entries = [link_entry(children) for children in groups]
    return entries if entries and all(entries) else None


def link_entry(children):
    """(label or None, url) when the inline tokens are one link with at most a short label."""
    found = links_in(children)
    if len(found) != 1:
        return None
    text, url = found[0]
    rest = plain(children, breaks=" ")
    for piece in (text or "", url):
        rest = rest.replace(piece, "", 1) if piece else rest
    rest = rest.strip(" :–—-|·•*")
    label = text if text and not same_url(text, url) else None
    if rest:
        if len(rest.split()) > 12:
            return None
        label = f"{label} {rest}" if label else rest
    return label, url


# “Red Ciudadana, A.C.” ends with a period and is still a name.
ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Inc|Ltd|Co|Corp|Ltda)\.)$")


def _looks_like_name_line(line, first=True):
    line = line.strip()
    return (
        0 < len(line) <= 100
        and len(line.split()) <= 14
        and (not line.endswith((".", ":", ";", "!", "?", ",")) or ABBREVIATION_END.search(line))
        and not EMAIL_PATTERN.search(line)
        and not re.search(r"\d{3,}[\s.-]*\d{3,}", line)
        and not line.startswith(("#", "@"))
        and (not first or line[0].isupper() or line[0].isdigit() or line[0] in '“"«')
    )


def is_signature_intro(block):
    return block.kind == "paragraph" and normalised(block.text(" ")) in SIGNATURE_INTROS


def signature_lines(block):
    """(names, urls) of a paragraph that reads like a signature, else None."""
    if (
        block.kind != "paragraph"
        or len(block.lines) > 10
        or section_kind(block.text(" ").strip(" :*"))
        or is_end_marker(block)
        or is_signature_intro(block)
        or is_release_line(block)
    ):
        return None
    names, urls = [], []
    for children in inline_lines(block.inlines[0].children or []):
        found = links_in(children)
        text = plain(children, breaks=" ").strip()
        if found and all(same_url(label or url, url) for label, url in found) and len(found) == 1:
            urls.append(found[0][1])
        elif _looks_like_name_line(text, first=not names) and not found:
            names.append(text)
        else:
            return None
    return (names, urls) if names else None


def join_name_lines(lines):
    """Lines of a signature -> organisation names.

    Hard breaks split long names over lines (“Núcleo de la / Sociedad Civil / para el …”): a
    line that ends with a function word, or a next line that starts with one or in lower case,
    continues the same name; otherwise each line is a separate co-signer.
    """
    names = []
    for line in lines:
        line = " ".join(line.split())
        previous = names[-1] if names else None
        first = line.split(" ")[0]
        if previous is not None and (
            normalised(previous).split(" ")[-1] in FUNCTION_WORDS
            or first[:1].islower()
            or normalised(first) in FUNCTION_WORDS
        ):
            names[-1] = f"{previous} {line}"
        else:
            names.append(line)
    split = []
    for name in names:
        split.extend(piece.strip() for piece in re.split(r"\s+[·|•]\s+", name) if piece.strip())
    return split
