"""The Markdown sanitiser against hostile input: nothing executable survives, whatever the form."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from newsroom import markdown
from newsroom.markdown import ALLOWED_TAGS, markdown_to_text, render_markdown


class Elements(HTMLParser):
    """Every element and attribute of a fragment, as a browser would parse it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html):
    parser = Elements()
    parser.feed(str(html))
    parser.close()
    return parser.elements


def assert_harmless(html):
    for tag, attributes in elements(html):
        assert tag in ALLOWED_TAGS, f"<{tag}> survived: {html}"
        for name, value in attributes.items():
            assert not name.startswith("on"), f"event handler survived: {html}"
            assert name in {"href", "title", "rel", "start", "align"}, f"{name} survived: {html}"
            if name == "href":
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in {"", "http", "https", "mailto", "tel"}, f"{value} survived: {html}"
                assert "script" not in value.lower().replace(" ", ""), value


HOSTILE = {
    "script tag": '<script>alert("x")</script>',
    "script tag inline": 'Texto <script src="https://evil.example/x.js"></script> más',
    "style tag": "<style>body{display:none}</style>",
    "event handler in raw html": '<img src="x" onerror="alert(1)">',
    "event handler on a link": '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "svg onload": "<svg onload=alert(1)></svg>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "raw html block": '<div onmouseover="alert(1)">\n\n**negritas**\n\n</div>',
    "html comment": "<!-- <script>alert(1)</script> -->",
    "javascript inline link": "[clic](javascript:alert(1))",
    "javascript mixed case": "[clic](JaVaScRiPt:alert(1))",
    "javascript with entities": "[clic](&#106;avascript:alert(1))",
    "javascript with hex entities": "[clic](&#x6A;&#x61;vascript:alert(1))",
    "javascript with escaped colon": "[clic](javascript&colon;alert(1))",
    "javascript in angle brackets": "[clic](<javascript:alert(1)>)",
    "javascript with leading space": "[clic]( javascript:alert(1))",
    "javascript reference": "[clic][ref]\n\n[ref]: javascript:alert(1)",
    "javascript reference with title": '[clic][ref]\n\n[ref]: javascript:alert(1) "título"',
    "javascript autolink": "<javascript:alert(1)>",
    "vbscript link": "[clic](vbscript:msgbox(1))",
    "data link inline": "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image link": "[clic](data:image/png;base64,iVBORw0KGgo=)",
    "data link reference": "[clic][ref]\n\n[ref]: data:text/html;base64,PHNjcmlwdD4=",
    "data autolink": "<data:text/html;base64,PHNjcmlwdD4=>",
    "data image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "javascript image": "![x](javascript:alert(1))",
    "file link": "[clic](file:///etc/passwd)",
    "title attribute breakout": '[clic](https://ok.example "a\\" onmouseover=\\"alert(1))',
    "nested link text": "[<img src=x onerror=alert(1)>](https://ok.example)",
    "html entity smuggling": "&lt;script&gt;alert(1)&lt;/script&gt;",
}


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_renders_harmless(source):
    assert_harmless(render_markdown(source))


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_in_a_list_and_a_quote_renders_harmless(source):
    assert_harmless(render_markdown(f"- {source}\n\n> {source}\n\n1. {source}"))


def test_scripts_are_shown_as_text_never_run():
    html = render_markdown('<script>alert("x")</script>')
    assert "<script" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[informe](https://lab.example/informe)", "https://lab.example/informe"),
        ("<https://lab.example/a?b=1&c=2>", "https://lab.example/a?b=1&c=2"),
        ("[ref]\n\n[ref]: http://old.example/", "http://old.example/"),
        ("[escríbenos](mailto:prensa@red.example)", "mailto:prensa@red.example"),
        ("[llámanos](tel:+525540658422)", "tel:+525540658422"),
    ],
)
def test_allowed_links_survive_with_rel_noopener(source, href):
    (link,) = [attributes for tag, attributes in elements(render_markdown(source)) if tag == "a"]
    assert link["href"] == href
    assert link["rel"] == "noopener"


def test_formatting_survives():
    html = render_markdown(
        "## Contexto\n\n**negritas**, *cursivas*, ~~tachado~~\n\n- uno\n- dos\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    for tag in ("h2", "strong", "em", "s", "ul", "li", "table", "td"):
        assert f"<{tag}" in html, tag


def test_a_wide_table_scrolls_in_a_box_keyboard_users_can_reach():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert html.startswith('<div class="table-scroll" tabindex="0"><table>')
    assert html.rstrip().endswith("</table></div>")
    # Editors cannot write the box or the attribute themselves: only the renderer adds them.
    written = render_markdown('<div tabindex="0">x</div>')
    assert "<div" not in written and "&lt;div" in written


def test_a_level_one_heading_does_not_compete_with_the_page_title():
    html = render_markdown("# Título\n\nTexto")
    assert "<h1" not in html and "Título" in html


def test_rendering_is_cached_and_an_edit_is_seen_at_once(monkeypatch):
    calls = []
    render = markdown._markdown.render
    monkeypatch.setattr(markdown._markdown, "render", lambda source: calls.append(source) or render(source))
    assert "<strong>uno</strong>" in render_markdown("**uno**")
    assert "<strong>uno</strong>" in render_markdown("**uno**")
    assert calls == ["**uno**"]
    assert "<em>uno</em>" in render_markdown("*uno*")
    assert calls == ["**uno**", "*uno*"]


def test_markdown_to_text_drops_markup_and_decodes_entities():
    assert markdown_to_text("**Hola** [mundo](https://x.example) &amp; <b>más</b>").strip() == "Hola mundo & <b>más</b>"
    assert markdown_to_text("") == ""


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<p onclick="x">x</p>',
        "<script>x</script>",
        '<img src="x">',
    ],
)
def test_the_checker_itself_catches_what_it_looks_for(html):
    with pytest.raises(AssertionError):
        assert_harmless(html)
