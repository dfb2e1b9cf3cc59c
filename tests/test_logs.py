import logging

from django.urls import reverse
from django.utils import translation

from newsroom.logs import REDACTED, RedactSecrets, redact


def test_every_language_s_preview_link_is_redacted():
    for language in ("es", "en"):
        with translation.override(language):
            path = reverse("releases:preview", kwargs={"token": "s3cr3t-T0ken_x"})
        assert (
            redact(f'"GET {path}?utm=1 HTTP/1.1" 404')
            == f'"GET {path.replace("s3cr3t-T0ken_x", REDACTED)}?utm=1 HTTP/1.1" 404'
        )


def test_the_file_tokens_of_a_preview_link_s_page_are_redacted():
    line = '"GET /media/releases/images/foto.abc.png.640w.webp?access=MTI:1vX:sig-_x HTTP/1.1" 200'
    assert redact(line) == f'"GET /media/releases/images/foto.abc.png.640w.webp?access={REDACTED} HTTP/1.1" 200'
    assert redact("/media/x/y.pdf?a=1&access=tok&b=2") == f"/media/x/y.pdf?a=1&access={REDACTED}&b=2"


def test_release_pages_and_their_slugs_are_left_alone():
    line = '"GET /es/comunicados/2025/05/preview/ HTTP/1.1" 200'
    assert redact(line) == line


def test_the_filter_redacts_the_formatted_message_of_any_record():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/en/releases/preview/abc/",), None
    )
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == f"Not Found: /en/releases/preview/{REDACTED}/"
