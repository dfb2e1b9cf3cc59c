"""The headers that protect visitors and staff in their browsers: the Content-Security-Policy
(strict on public pages, the strictest the admin works with), HSTS, Permissions-Policy, the
cross-origin policies, secure cookies; the Mozilla HTTP Observatory score they earn; and
`check --deploy` with the README's production environment."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests import observatory
from tests.factories import make_full_release

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

# What each Observatory test gives a public page of the newsroom, served over HTTPS.
EXPECTED = {
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "cookies-not-found": 0,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "referrer-policy-private": 5,
    "x-content-type-options-nosniff": 0,
    "x-frame-options-implemented-via-csp": 5,
    "x-xss-protection-not-implemented": 0,
    "cross-origin-resource-sharing-not-implemented-or-restricted": 0,
}


@pytest.fixture
def production(settings):
    """The HTTPS settings of a production start (the suite itself runs them off)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 63_072_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def public_pages():
    release = make_full_release()
    return [
        reverse("releases:home"),
        reverse("releases:list"),
        release.get_absolute_url(),
        reverse("releases:search") + "?q=comunicado",
        reverse("releases:subscribe"),
        reverse("topics:list"),
        reverse("contacts:organisation_list"),
        reverse("contacts:press_contacts"),
    ]


def test_public_pages_score_a_plus_on_the_observatory(client, production):
    for url in public_pages():
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        total, results = observatory.score(response)
        assert results == EXPECTED, url
        assert total == 120 and total >= 100, url


@pytest.mark.parametrize(
    "header",
    ["Content-Security-Policy", "Strict-Transport-Security", "Referrer-Policy", "X-Content-Type-Options"],
)
def test_the_score_drops_when_a_header_is_missing(client, production, header):
    response = client.get(reverse("releases:home"), secure=True)
    del response.headers[header]
    total, results = observatory.score(response)
    assert results != EXPECTED
    assert total < 120


def test_without_the_csp_the_page_is_not_a_plus(client, production):
    response = client.get(reverse("releases:home"), secure=True)
    del response.headers["Content-Security-Policy"]
    del response.headers["X-Frame-Options"]
    assert observatory.score(response)[0] < 100


def policy(response):
    return observatory.parse_csp(response["Content-Security-Policy"])


def test_the_public_policy_is_strict(client):
    csp = policy(client.get(reverse("releases:home")))
    assert csp["default-src"] == {"'none'"}
    assert csp["script-src"] == {"'self'"}
    assert csp["style-src"] == {"'self'"}
    assert csp["object-src"] == {"'none'"}
    assert csp["base-uri"] == {"'none'"}
    assert csp["frame-ancestors"] == {"'none'"}
    assert csp["form-action"] == {"'self'"}
    assert not any("unsafe" in source for sources in csp.values() for source in sources)


def test_the_admin_policy_runs_only_the_newsrooms_scripts(admin_client):
    for url in [reverse("admin:index"), reverse("admin:releases_release_add"), reverse("admin:login")]:
        csp = policy(admin_client.get(url))
        assert csp["script-src"] == {"'self'"}, url
        assert csp["style-src"] == {"'self'"}, url
        assert csp["style-src-attr"] == {"'unsafe-inline'"}, url
        assert csp["object-src"] == {"'none'"} and csp["frame-ancestors"] == {"'none'"}, url
        assert csp["base-uri"] == {"'none'"} and csp["form-action"] == {"'self'"}, url


# JSON-LD is a data block, never executed, so the CSP does not concern it.
INLINE = [
    (re.compile(r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "inline <style>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def inline_code(html, allow_style_attributes=False):
    found = [name for pattern, name in INLINE if pattern.search(html)]
    if not allow_style_attributes and re.search(r"<[^>]+\sstyle\s*=", html, re.I):
        found.append("style attribute")
    return found


def test_public_pages_have_no_inline_code(client):
    for url in public_pages():
        assert inline_code(client.get(url).content.decode()) == [], url


def test_admin_pages_have_no_inline_scripts_or_style_elements(admin_client):
    release = make_full_release()
    urls = [
        reverse("admin:index"),
        reverse("admin:releases_release_changelist"),
        reverse("admin:releases_release_add"),
        reverse("admin:releases_release_change", args=[release.pk]),
        reverse("admin:releases_release_history", args=[release.pk]),
        reverse("admin:releases_release_import"),
        reverse("admin:contacts_organisation_add"),
        reverse("admin:two_factor"),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode(), allow_style_attributes=True) == [], url


def test_every_response_carries_the_cross_origin_and_feature_policies(client, admin_client):
    for response in [
        client.get(reverse("releases:home")),
        client.get(reverse("site:robots_txt")),
        admin_client.get("/admin/"),
    ]:
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        permissions = response["Permissions-Policy"]
        for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]:
            assert feature in permissions


def test_hsts_has_subdomains_and_preload(client, production):
    header = client.get(reverse("releases:home"), secure=True)["Strict-Transport-Security"]
    assert header == "max-age=63072000; includeSubDomains; preload"


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get(reverse("releases:home"))
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_staff_cookies_are_secure_httponly_and_samesite(client, settings, production):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    from tests.factories import make_staff

    make_staff("eva", "Editors")
    response = client.get(reverse("admin:login"), secure=True)
    response = client.post(
        reverse("admin:login"), {"username": "eva", "password": "pw"}, secure=True, HTTP_REFERER="https://testserver/"
    )
    assert response.cookies, "the login sets cookies"
    total, results = observatory.score(response)
    assert results["cookies-secure-with-httponly-sessions-and-samesite"] == 5
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


# The README's production environment (section "Running in production").
PRODUCTION_ENVIRONMENT = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "prensa.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://prensa.example.org",
    "BEHIND_HTTPS_PROXY": "1",
    "NEWSROOM_SECURITY_CONTACT": "mailto:seguridad@example.org",
}


def run_check(tmp_path, **environment):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        PRODUCTION_ENVIRONMENT,
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **environment,
    )
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def test_check_deploy_passes_with_the_production_environment(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "check"),
    [
        ("SECURE_HSTS_SECONDS", "0", "security.W004"),
        ("SESSION_COOKIE_SECURE", "0", "security.W012"),
        ("NEWSROOM_SECURITY_CONTACT", "", "accounts.W001"),
    ],
)
def test_check_deploy_fails_without_a_protection(tmp_path, variable, value, check):
    result = run_check(tmp_path, **{variable: value})
    assert result.returncode != 0 and check in result.stdout + result.stderr
