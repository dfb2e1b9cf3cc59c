"""Markdown split into top-level blocks that keep their source lines, and inline helpers.

markdown-it-py parses; a `Block` is one top-level heading, paragraph, list, rule or run of
reference definitions, with its tokens and the lines it came from, so that whatever the
parser does not recognise can go to the body exactly as it was written.
"""

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False})
# Keep URLs as written: markdown-it would percent-encode them for HTML output.
_md.normalizeLink = lambda url: url
_md.normalizeLinkText = lambda url: url

URL_PATTERN = re.compile(r"(?<![\w/@])(?:https?://|www\.)[^\s<>\"\[\]]+", re.IGNORECASE)
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text):
    """Undo Markdown backslash escapes: `GobAbierto\\_MX` -> `GobAbierto_MX`."""
    return _ESCAPED.sub(r"\1", text)


def clean_url(url):
    url = unescape(url.strip().strip("<>").strip("“”\"'‘’«»"))
    # Trailing punctuation belongs to the sentence, unless it closes a parenthesis in the URL.
    while url and url[-1] in ".,;:!?'\"»”’)":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def same_url(text, url):
    def bare(value):
        value = clean_url(value).lower()
        value = re.sub(r"^(?:https?://)?(?:www\.)?", "", value)
        return value.rstrip("/")

    return bare(text) == bare(url)


# --- blocks -----------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # heading, paragraph, list, hr, refs (reference definitions), other
    lines: list
    start: int
    tokens: list = field(default_factory=list)
    level: int = 0
    all_lines: list = field(default_factory=list)  # `lines` with the trailing blank lines, as mapped
    origin: int = 0  # which text the block was split from (`start` counts lines in it)

    @property
    def source(self):
        return "\n".join(self.lines).strip("\n")

    def follows(self, other):
        """Whether the block was written right under `other`, with no blank line between."""
        return self.origin == other.origin and other.start + len(other.lines) == self.start

    @property
    def inlines(self):
        return [token for token in self.tokens if token.type == "inline"]

    def text(self, breaks="\n"):
        return "\n".join(plain(token.children or [], breaks=breaks) for token in self.inlines).strip()

    def line_tokens(self):
        """The block's lines as lists of inline tokens: a paragraph's lines, a heading, a list's items."""
        if self.kind == "list":
            items = self.items()
            return [[child for inline in inlines for child in (inline.children or [])] for _lines, inlines in items]
        if self.kind in ("paragraph", "heading") and self.inlines:
            return inline_lines(self.inlines[0].children or [])
        return []

    def text_lines(self):
        """Plain text, one line per line of a paragraph or item of a list (a mailto link gives its address)."""
        return [" ".join(plain(children, mailto=True).split()) for children in self.line_tokens()]

    def items(self):
        """A list's items as [(source lines, [inline tokens])]."""
        items, depth, current = [], 0, None
        for token in self.tokens:
            if token.type == "list_item_open" and depth == 1:
                current = (token.map, [])
            if current is not None and token.type == "inline" and token.level == 3:
                current[1].append(token)
            depth += token.nesting
            if token.type == "list_item_close" and depth == 1 and current is not None:
                (start, end), inlines = current
                items.append((self.all_lines[start - self.start : end - self.start], inlines))
                current = None
        return items


def plain(children, breaks="\n", mailto=False):
    """Inline tokens as plain text: formatting dropped, link text kept, breaks as `breaks`."""
    out, link = [], None
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            out.append(child.content)
            if link is not None:
                link.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(breaks)
        elif kind == "image":
            out.append(child.content)
        elif kind == "link_open":
            link = [child.attrs.get("href", "")]
        elif kind == "link_close" and link is not None:
            href, text = link[0], "".join(link[1:])
            if mailto and href.lower().startswith("mailto:") and href[7:].lower() not in text.lower():
                out.append(f" {href[7:]}")
            link = None
    return "".join(out)


def with_urls(children):
    """Inline tokens as plain text in which each link is its address: “[X](https://x.com/a)” -> “https://x.com/a”."""
    out, link = [], None
    for child in children:
        if child.type == "link_open":
            link = child.attrs.get("href", "")
        elif child.type == "link_close" and link is not None:
            out.append(link[7:] if link.lower().startswith("mailto:") else clean_url(link))
            link = None
        elif link is None and child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
    return " ".join("".join(out).split())


def inline_lines(children):
    """Inline tokens split at line breaks."""
    lines, current = [], []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append(current)
            current = []
        else:
            current.append(child)
    lines.append(current)
    return [line for line in lines if line]


def links_in(children):
    """[(link text or None, URL as written)] for the links and bare URLs among inline tokens."""
    found, link = [], None
    for child in children:
        if child.type == "link_open":
            link = [child.attrs.get("href", ""), ""]
        elif child.type == "link_close" and link is not None:
            if not link[0].lower().startswith("mailto:"):
                found.append((unescape(link[1]), clean_url(link[0])))
            link = None
        elif child.type in ("text", "code_inline"):
            if link is not None:
                link[1] += child.content
            else:
                found.extend((None, clean_url(match.group())) for match in URL_PATTERN.finditer(child.content))
    return found


def is_wrapped_in(children, opener):
    """Whether the inline tokens are one run of emphasis (`em_open`) or bold (`strong_open`)."""
    tokens = [child for child in children if not (child.type == "text" and not child.content.strip())]
    if len(tokens) < 3 or tokens[0].type != opener or tokens[-1].type != opener.replace("open", "close"):
        return False
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == opener:
            depth += 1
        elif token.type == opener.replace("open", "close"):
            depth -= 1
            if depth == 0 and index != len(tokens) - 1:
                return False
    return True


_BLOCK_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "hr": "hr",
}


def split_blocks(text):
    """Top-level blocks with their source lines, in order; reference definitions become "refs" blocks.

    Also used to read again a block the parser cuts in two (a heading line and what follows).
    """
    env = {}
    tokens = _md.parse(text, env)
    lines = text.split("\n")
    covered = [False] * len(lines)
    blocks = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0 or token.nesting == -1 or token.map is None:
            index += 1
            continue
        last = index
        if token.nesting == 1:
            depth = 0
            for last in range(index, len(tokens)):
                depth += tokens[last].nesting
                if depth == 0:
                    break
        start, end = token.map
        block = Block(
            kind=_BLOCK_KINDS.get(token.type, "other"),
            lines=lines[start:end],
            start=start,
            tokens=tokens[index : last + 1],
            level=int(token.tag[1]) if token.type == "heading_open" else 0,
            all_lines=lines[start:end],
            origin=id(lines),
        )
        while block.lines and not block.lines[-1].strip():
            block.lines = block.lines[:-1]
        blocks.append(block)
        for number in range(start, end):
            covered[number] = True
        index = last + 1
    # Lines markdown-it consumed without a block: reference definitions ("[1]: https://…").
    run = []
    for number, line in enumerate([*lines, ""]):
        if number < len(lines) and not covered[number] and line.strip():
            run.append(number)
        elif run:
            refs = [lines[n] for n in run]
            blocks.append(Block(kind="refs", lines=refs, start=run[0], all_lines=refs, origin=id(lines)))
            run = []
    blocks.sort(key=lambda block: block.start)
    return blocks
