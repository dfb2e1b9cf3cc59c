"""The header-based tests of Mozilla's HTTP Observatory, scored by its published rules
(mozilla/http-observatory, httpobs/docs/scoring.md, last updated 2024-02-27; the CSP rules as
httpobs/scanner/analyzer/headers.py applies them).

Every site starts at 100 and each test adds its modifier; bonuses count only when the score
without them is at least 90. Tests that need the live site (the HTTP to HTTPS redirection, the
HSTS preload list) are left out: they depend on the deployment, not on the newsroom's code.
"""

BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
SIX_MONTHS = 15_768_000
PRIVATE_REFERRERS = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
SESSION_NAMES = ("session", "sessionid", "sid", "csrftoken")


def parse_csp(header):
    policy = {}
    for directive in header.split(";"):
        parts = directive.split()
        if not parts:
            continue
        name = parts[0].lower()
        if name in policy:
            raise ValueError(f"repeated directive {name}")
        sources = {source.lower() for source in parts[1:]}
        policy[name] = sources or ({"'none'"} if name.endswith("-src") else set())
    return policy


def csp_modifier(headers):
    header = headers.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented", -25
    try:
        csp = parse_csp(header)
    except ValueError:
        return "csp-header-invalid", -25
    default = csp.get("default-src")
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    object_src = csp.get("object-src") or default or {"*"}
    for sources in (script_src, style_src):
        if any(source.startswith(NONCES_HASHES) for source in sources):
            sources.discard("'unsafe-inline'")
    if script_src & (BROAD | UNSAFE_INLINE) or object_src & BROAD:
        return "csp-implemented-with-unsafe-inline", -20
    if any("http:" in source or "ftp:" in source for sources in csp.values() for source in sources):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in script_src | style_src:
        return "csp-implemented-with-unsafe-eval", -10
    if style_src & (BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if default == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def cookies_modifier(response):
    cookies = response.cookies
    if not cookies:
        return "cookies-not-found", 0
    hsts = "Strict-Transport-Security" in response.headers
    worst = ("cookies-secure-with-httponly-sessions-and-samesite", 5)
    for name, morsel in cookies.items():
        session = any(marker in name.lower() for marker in SESSION_NAMES)
        samesite = morsel["samesite"].lower()
        if samesite and samesite not in ("strict", "lax"):
            worst = min(worst, ("cookies-samesite-flag-invalid", -20), key=lambda pair: pair[1])
        if not samesite:
            worst = min(worst, ("cookies-secure-with-httponly-sessions", 0), key=lambda pair: pair[1])
        if session and not morsel["httponly"]:
            worst = min(worst, ("cookies-session-without-httponly-flag", -30), key=lambda pair: pair[1])
        if not morsel["secure"]:
            if session:
                pair = (
                    ("cookies-session-without-secure-flag-but-protected-by-hsts", -10)
                    if hsts
                    else (
                        "cookies-session-without-secure-flag",
                        -40,
                    )
                )
            else:
                pair = (
                    ("cookies-without-secure-flag-but-protected-by-hsts", -5)
                    if hsts
                    else (
                        "cookies-without-secure-flag",
                        -20,
                    )
                )
            worst = min(worst, pair, key=lambda pair: pair[1])
    return worst


def hsts_modifier(headers):
    header = headers.get("Strict-Transport-Security")
    if not header:
        return "hsts-not-implemented", -20
    try:
        max_age = int(
            next(part for part in header.split(";") if part.strip().lower().startswith("max-age")).split("=")[1]
        )
    except (StopIteration, ValueError, IndexError):
        return "hsts-header-invalid", -20
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


def referrer_modifier(headers):
    header = headers.get("Referrer-Policy")
    if not header:
        return "referrer-policy-not-implemented", 0
    values = [value.strip().lower() for value in header.split(",")]
    if values[-1] in PRIVATE_REFERRERS:
        return "referrer-policy-private", 5
    if values[-1] == "no-referrer-when-downgrade":
        return "referrer-policy-no-referrer-when-downgrade", 0
    if values[-1] in {"origin", "origin-when-cross-origin", "unsafe-url"}:
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


def content_type_options_modifier(headers):
    header = headers.get("X-Content-Type-Options")
    if not header:
        return "x-content-type-options-not-implemented", -5
    if header.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-header-invalid", -5


def frame_options_modifier(headers):
    csp = headers.get("Content-Security-Policy", "")
    try:
        ancestors = parse_csp(csp).get("frame-ancestors") if csp else None
    except ValueError:
        ancestors = None
    if ancestors is not None and not ancestors & BROAD:
        return "x-frame-options-implemented-via-csp", 5
    header = headers.get("X-Frame-Options", "").strip().lower()
    if not header:
        return "x-frame-options-not-implemented", -20
    if header in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-header-invalid", -20


def xss_protection_modifier(headers):
    header = headers.get("X-XSS-Protection", "").strip().lower()
    if not header:
        return "x-xss-protection-not-implemented", 0
    if header.startswith(("0", "1")):
        return "x-xss-protection-enabled", 0
    return "x-xss-protection-header-invalid", -5


def cors_modifier(headers):
    if (
        headers.get("Access-Control-Allow-Origin", "").strip() == "*"
        and headers.get("Access-Control-Allow-Credentials", "").lower() == "true"
    ):
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-not-implemented-or-restricted", 0


def score(response):
    """(score, {test result: modifier}) of a Django test-client response."""
    headers = response.headers
    results = dict(
        [
            csp_modifier(headers),
            cookies_modifier(response),
            hsts_modifier(headers),
            referrer_modifier(headers),
            content_type_options_modifier(headers),
            frame_options_modifier(headers),
            xss_protection_modifier(headers),
            cors_modifier(headers),
        ]
    )
    penalties = sum(value for value in results.values() if value < 0)
    bonuses = sum(value for value in results.values() if value > 0)
    total = 100 + penalties
    if total >= 90:
        total += bonuses
    return max(total, 0), results
