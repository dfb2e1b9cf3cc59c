"""No admin URL answers 500, whatever is thrown at it (issue 10.7), on both databases.

Every URL pattern of the admin site is walked, found from the site itself (so a new page is
covered when it is registered): each object id in it replaced by ids that are not numbers,
negative, huge, unknown, NUL, unicode or markup, and an existing one; every changelist with
hostile query strings (search, every list filter's parameters, ordering `o=`, pagination `p=`,
the date hierarchy, popups); the autocomplete with hostile `term`, `app_label`, `model_name` and
`field_name`; the Markdown upload with broken files; the sign-in and two-factor pages with
forged forms. As a superuser and as a writer. The values are drawn from a fixed seed, so each
run throws the same things (and a failure can be reproduced); the walk makes about 700 requests.
"""

import random
import re
from urllib.parse import quote, urlencode

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import URLResolver
from django.utils import timezone

from releases import services
from releases.models import PreviewLink
from tests.factories import make_contact, make_full_release, make_release, make_staff

pytestmark = pytest.mark.django_db

SEED = 20261205
HOSTILE_IDS = [
    "abc",
    "-1",
    "0",
    "1.5",
    "99999999999999999999999",
    "2147483648",
    "%00",
    "ñ%C3%BC",
    "%3Cb%3E",
    "1e3",
    " 1",
]
HOSTILE_VALUES = [
    "abc",
    "-1",
    "0",
    "99999999999999999999999",
    "\x00",
    "a\x00b",
    "ñandú 🦤",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "2025-13-45",
    "x" * 5000,
    "",
    "1,2,3",
    "-",
    "__",
    "..",
    "\u202e",
]


def admin_patterns():
    """Every URL pattern of the admin site as a string with its parameters, e.g.
    `releases/release/<path:object_id>/change/` or `releases/release/^recover/(\\d+)/$`."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return [pattern for pattern in walk(admin.site.urls[0], "") if pattern != "(?P<url>.*)$"]


def filled(pattern, value, number):
    """The pattern with `value` for each free parameter and `number` where only digits match."""
    pattern = pattern.replace("^", "").replace("$", "")
    pattern = re.sub(r"\(\?P<app_label>[^)]*\)", "releases", pattern)
    pattern = re.sub(r"<int:\w+>|\(\\d\+\)", number, pattern)
    return "/admin/" + re.sub(r"<(?:path:|str:)?\w+>|\(\[\^/\]\+\)", value, pattern)


def with_parameters(pattern):
    return "<" in pattern or "(" in pattern


@pytest.fixture
def newsroom(db):
    """Something of everything, so that existing ids lead to real pages."""
    editor = make_staff("redactora", "Editors")
    embargoed = make_full_release(embargo_until=timezone.now() + timezone.timedelta(hours=2))
    services.release_create_preview_link(release=embargoed, actor=editor, recipient="Ana")
    make_full_release()
    draft = make_release(status="draft")
    services.release_delete(release=draft, actor=editor)
    make_contact()
    return {"release": embargoed.pk, "link": PreviewLink.objects.get().pk}


def superuser():
    client = Client(raise_request_exception=False)
    client.force_login(make_staff("fuzz-admin", is_superuser=True))
    return client


def writer():
    client = Client(raise_request_exception=False)
    client.force_login(make_staff("fuzz-writer", "Writers"))
    return client


def changelist_queries(rng, model_admin, request):
    """Query strings for a changelist: search, each filter's parameters, ordering, page, dates."""
    changelist = model_admin.get_changelist_instance(request)
    parameters = ["q", "o", "p", "e", "_popup", "_to_field", "all", "_changelist_filters"]
    for list_filter in changelist.get_filters(request)[0]:
        parameters += list_filter.expected_parameters()
    if model_admin.date_hierarchy:
        parameters += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    queries = [{name: rng.choice(HOSTILE_VALUES)} for name in parameters]
    queries += [{"o": rng.choice(["-1", "99", "1.2.-3", "0.x", "-", ".", "1" * 30])} for _ in range(3)]
    queries += [{"p": rng.choice(["-1", "abc", "99999999999", "0", "1e9"])} for _ in range(2)]
    queries += [{name: rng.choice(HOSTILE_VALUES) for name in rng.sample(parameters, 3)} for _ in range(3)]
    return queries


def answers(client, method, url, data=None):
    response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code < 500, f"{method.upper()} {url} {str(data)[:200]}: {response.status_code}"
    return response


@pytest.mark.parametrize("who", [superuser, writer], ids=["superuser", "writer"])
def test_no_admin_url_answers_500(newsroom, who):
    rng = random.Random(SEED)  # noqa: S311 - a fixed sequence of hostile values, not a secret
    client = who()
    existing = str(newsroom["release"])
    for pattern in admin_patterns():
        if not with_parameters(pattern):
            answers(client, "get", filled(pattern, "", ""))
            continue
        for value in [existing, "abc", *rng.sample(HOSTILE_IDS, 3)]:
            number = value if value.isdigit() else rng.choice(["0", "99999999999999999999", existing])
            url = filled(pattern, value, number)
            answers(client, "get", url)
            if pattern.endswith(("delete/", "withdraw/", "preview-links/", "hold/", "resend/", "let-go/")):
                answers(client, "post", url, {"post": "yes", "_create": "1", "_revoke": rng.choice(HOSTILE_VALUES)})


@pytest.mark.parametrize("who", [superuser, writer], ids=["superuser", "writer"])
def test_no_changelist_or_autocomplete_answers_500_to_hostile_queries(newsroom, who):
    rng = random.Random(SEED)  # noqa: S311 - a fixed sequence of hostile values, not a secret
    client = who()
    request = RequestFactory().get("/")
    request.user = make_staff("fuzz-reader", is_superuser=True)
    for model, model_admin in admin.site._registry.items():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for query in changelist_queries(rng, model_admin, request):
            answers(client, "get", f"{url}?{urlencode(query)}")
        answers(
            client, "post", url, {"action": rng.choice(["delete_selected", "nothing", ""]), "_selected_action": "abc"}
        )
    fields = ["topics", "mentioned_organisations", "organisation", "press_contact", "zzz", ""]
    for _ in range(25):
        query = {
            "term": rng.choice(HOSTILE_VALUES),
            "app_label": rng.choice(["releases", "contacts", "auth", "nothing", "\x00", ""]),
            "model_name": rng.choice(["release", "mediacontact", "contact", "organisation", "topic", "user", "x"]),
            "field_name": rng.choice(fields),
            "page": rng.choice(["1", "-1", "abc", "99999999"]),
        }
        answers(client, "get", f"/admin/autocomplete/?{urlencode(query)}")
    answers(client, "get", "/admin/releases/release/1/history/compare/?old=abc&new=-1")
    answers(client, "get", f"/admin/releases/release/{newsroom['release']}/history/compare/?old=1&new=99999999999999")


BROKEN_FILES = [
    ("vacío.md", b""),
    ("binario.md", bytes(range(256)) * 20),
    ("latin1.md", "# Título\n\nAñadido en español.".encode("latin-1")),
    ("utf16.md", "# Título".encode("utf-16")),
    ("bomba.md", b"#" * 3_000_000),
    ("comprimido.zip", b"PK\x03\x04" + b"\x00" * 100),
    ("nul.md", b"# Titular\x00\n\nTexto\x00"),
    ("frontmatter.md", b"---\nslug: [\nstatus: {\n---\n# T\n\nTexto."),
    ("../../etc/passwd.md", b"# Fuera\n\nTexto."),
    ("x" * 300 + ".md", b"# Largo\n\nTexto."),
]


@pytest.mark.parametrize("who", [superuser, writer], ids=["superuser", "writer"])
def test_the_markdown_upload_answers_broken_files_without_a_500(newsroom, who):
    client = who()
    url = "/admin/releases/release/import/"
    for name, content in BROKEN_FILES:
        answers(client, "post", url, {"files": [SimpleUploadedFile(name, content, content_type="text/markdown")]})
    answers(client, "post", url, {"files": [SimpleUploadedFile(name, b"# T") for name, _content in BROKEN_FILES]})
    for payload in ["", "abc", "x" * 10000, "eyJhIjoxfQ:1abc:forged", "\x00"]:
        answers(client, "post", url, {"payload": payload})


def test_the_sign_in_and_two_factor_pages_answer_forged_forms_without_a_500(newsroom):
    rng = random.Random(SEED)  # noqa: S311 - a fixed sequence of hostile values, not a secret
    anonymous = Client(raise_request_exception=False)
    pages = ["/admin/login/", "/admin/login/code/", "/admin/two-factor/setup/", "/admin/two-factor/"]
    for url in pages:
        answers(anonymous, "get", f"{url}?next={quote(rng.choice(HOSTILE_VALUES))}")
        for _ in range(4):
            form = {
                name: rng.choice(HOSTILE_VALUES)
                for name in ["username", "password", "code", "token", "otp_token", "next", "device", "key"]
            }
            answers(anonymous, "post", url, form)
    signed_in = writer()
    for url in pages:
        answers(signed_in, "get", url)
        answers(signed_in, "post", url, {"code": rng.choice(HOSTILE_VALUES), "token": "\x00"})
