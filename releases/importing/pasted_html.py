"""HTML pasted from a website, read as the Markdown it stands for.

A release copied from a web page arrives as `<p>`, `<br>`, `<a>`, `<strong>`, lists and
headings. Those are turned into their Markdown before anything else reads the text. A text
made of HTML blocks is converted whole, its line breaks collapsed as a browser would, with the
standard library's HTMLParser; a Markdown text with a stray `<br>`, `<a>` or `<strong>` only
has those replaced, so its own lines and autolinks (`<https://…>`) stay as they are.
"""

import re
from html.parser import HTMLParser

_BLOCK_TAGS = re.compile(r"<(?:p|div|h[1-6]|ul|ol|li|blockquote|table)\b[^>]*>", re.IGNORECASE)
_INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_BREAK_AFTER = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "section"}


def html_to_markdown(text):
    """The text with its HTML read as Markdown; a text without tags comes back as it was."""
    if "<" not in text:
        return text
    if not _BLOCK_TAGS.search(text):
        return _inline_tags(text)
    autolinks = _AUTOLINK.findall(text)  # "<https://…>" is Markdown, not a tag: kept aside
    converter = _Converter()
    converter.feed(_AUTOLINK.sub("\x00", text))
    converter.close()
    markdown = re.sub(r"[ \t]+\n", lambda m: "  \n" if m.group().startswith("  ") else "\n", "".join(converter.out))
    markdown = re.sub(r"\n(?:[ \t>]*\n){2,}", "\n\n", markdown).strip("\n") + "\n"
    return re.sub("\x00", lambda _match: autolinks.pop(0), markdown)


_AUTOLINK = re.compile(r"<(?:https?://|mailto:|www\.)[^<>\s]+>|<[^<>\s@]+@[^<>\s]+>", re.IGNORECASE)


_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']([^\"']*)[\"'][^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)


def _inline_tags(text):
    text = re.sub(r"<br\s*/?>[ \t]*\n?", "  \n", text, flags=re.IGNORECASE)
    text = _LINK.sub(lambda m: f"[{m[2].strip()}]({m[1]})" if m[2].strip() else m[1], text)
    text = re.sub(r"</?(?:strong|b)>", "**", text, flags=re.IGNORECASE)
    text = re.sub(r"</?(?:em|i)>", "*", text, flags=re.IGNORECASE)
    return re.sub(r"</?(?:span|font|u|small|sup|sub)\b[^>]*>", "", text, flags=re.IGNORECASE)


class _Converter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.links = []  # open <a>: [href, where its text starts in `out`]
        self.lists = []  # open lists: [tag, next number]
        self.quote = 0  # depth of <blockquote>
        self.opened = None  # index in `out` of a block opening nothing has been written into yet
        self.cell = None  # where the open table cell's text starts in `out`
        self.rows = 0
        self.depth = 0  # open HTML blocks: text outside them is Markdown, kept as written

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.depth += tag in _BREAK_AFTER
        if tag in _INLINE:
            self._write(_INLINE[tag])
        elif tag == "br":
            self._write("  \n" + "> " * self.quote)
        elif tag == "a":
            self.links.append([attrs.get("href") or "", len(self.out)])
        elif tag == "img":
            self._write(f"![{attrs.get('alt') or ''}]({attrs.get('src') or ''})")
        elif re.fullmatch(r"h[1-6]", tag):
            self._open("#" * int(tag[1]) + " ")
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 1])
            self._open("")
        elif tag == "li":
            kind = self.lists[-1] if self.lists else ["ul", 1]
            self._write("\n" + "> " * self.quote + "   " * max(len(self.lists) - 1, 0))
            self._write(f"{kind[1]}. " if kind[0] == "ol" else "- ")
            kind[1] += 1
        elif tag == "blockquote":
            self.quote += 1
            self._open("")
        elif tag in ("td", "th"):
            self.cell = len(self.out)
        elif tag in ("p", "div", "section", "table"):
            self._open("")

    def handle_endtag(self, tag):
        self.depth = max(self.depth - (tag in _BREAK_AFTER), 0)
        if tag in _INLINE:
            self._write(_INLINE[tag])
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.out[start:]).strip()
            del self.out[start:]
            self._write(f"[{text}]({href})" if href and text else text or href)
        elif tag in ("td", "th") and self.cell is not None:
            text = "".join(self.out[self.cell :]).strip().replace("|", "\\|")
            del self.out[self.cell :]
            self._write(f"| {text} ")
            self.cell = None
        elif tag == "tr":
            self._write("|\n" + ("|---" * self._cells_in_last_row() + "|\n" if not self.rows else ""))
            self.rows += 1
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._write("\n\n")
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
            self._write("\n\n")
        elif tag in _BREAK_AFTER:
            self._write("\n\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if not self.depth:
            self._write(data)  # Markdown around the HTML
            return
        data = re.sub(r"\s+", " ", data)  # a browser's white space
        if self.opened is not None or not self.out or self.out[-1].endswith("\n"):
            data = data.lstrip()
        if data:
            self._write(data)

    def _write(self, text):
        self.out.append(text)
        self.opened = None

    def _open(self, prefix):
        """Start a block; one opened just before with nothing in it (<blockquote><p>) is reused."""
        if self.opened is not None and self.opened == len(self.out) - 1:
            self.out[-1] = "\n\n" + "> " * self.quote + prefix
        else:
            self.out.append("\n\n" + "> " * self.quote + prefix)
        self.opened = len(self.out) - 1

    def _cells_in_last_row(self):
        line = "".join(self.out).rstrip("\n").rsplit("\n", 1)[-1]
        return max(line.count("| "), 1)
