"""The reference links of a release: “Ligas y materiales de interés”, “Further information” …

An entry is one link with at most a short label around it, written in any of the ways
organisations write them: `[label](url)`, `<url>`, a bare URL, `label: url`, `label – url`, a
reference link `[label][ref]` (HTML `<a>` lists arrive here already as Markdown).
"""

import re

from releases.importing import problems
from releases.importing.blocks import links_in, plain, same_url
from releases.importing.parsed import Link
from releases.importing.vocabulary import fold


def link_entry(children):
    """(label or None, url) when inline tokens are one link with at most a short label, else None."""
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


def link_entries(block):
    """[(label or None, url)] when every line or item of `block` is one link, else None."""
    entries = [link_entry(children) for children in block.line_tokens()]
    return entries if entries and all(entries) else None


def read_links(blocks):
    """(links, leftovers, warnings) of the blocks of a links section; a line that is not a
    link stays in the body, and the section ends at a block without any."""
    links, leftovers, warnings = [], [], []
    for block in blocks:
        kept = []
        for children, source in zip(block.line_tokens(), _line_sources(block), strict=False):
            entry = link_entry(children)
            if entry:
                links.append(Link(*entry))
            else:
                kept.append(source)
                warnings.append(problems.not_a_link(plain(children, breaks=" ")))
        if kept:
            leftovers.append("\n".join(kept))
    return links, leftovers, warnings


def _line_sources(block):
    """The Markdown of each line or item of a block, to keep in the body when it is not a link."""
    if block.kind == "list":
        return ["\n".join(lines).rstrip() for lines, _inlines in block.items()]
    return block.lines


def reference_labels(source):
    """Labels of reference-style links in Markdown source: [text][label], [label][] and [label]."""
    full = [label for label in re.findall(r"\]\s*\[([^\]]*)\]", source) if label]
    return [fold(label) for label in full + re.findall(r"\[([^\]]+)\](?![(\[:])", source)]


def unused_definitions(refs_block, used_by_links, body):
    """The lines of reference definitions to keep in the body: all but those only the links used."""
    kept = []
    for line in refs_block.lines:
        match = re.match(r"^\s{0,3}\[([^\]]+)\]:", line)
        used_in_body = match is not None and re.search(r"\[" + re.escape(match[1]) + r"\]", body)
        if match is None or fold(match[1]) not in used_by_links or used_in_body:
            kept.append(line)
    return kept
