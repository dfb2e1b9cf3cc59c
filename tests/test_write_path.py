"""One way to change a release: only releases.services writes a release's state.

The source of the project is read (not run) for any other module that assigns `status`,
`published_at`, `embargo_until` or `withdrawn_at`, or passes them to a create, an update or a
model's constructor. Migrations are history and left out; tests set up states as they need.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATE = {"status", "published_at", "embargo_until", "withdrawn_at"}
WRITES = {"create", "update", "get_or_create", "update_or_create", "bulk_update"}
MODELS = {"Release"}
ALLOWED = [
    ROOT / "releases" / "services",
    # Plain Python with no database: they fill in the parse of a file (Part, FrontMatter, whose
    # fields say what the file asks for), never a release.
    ROOT / "releases" / "importing" / "parser.py",
    ROOT / "releases" / "importing" / "front_matter.py",
]


def state_writes(source):
    """(line, what) of each place in `source` that writes a release's state."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr in STATE:
                        found.append((node.lineno, f"assigns .{part.attr}"))
        elif isinstance(node, ast.Call):
            found += _call_writes(node)
    return found


def _call_writes(call):
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    if name == "setattr" and len(call.args) > 1:
        field = call.args[1]
        if isinstance(field, ast.Constant) and field.value in STATE:
            return [(call.lineno, f"setattr(…, {field.value!r})")]
        return []
    if name not in WRITES | MODELS:
        return []
    given = {keyword.arg for keyword in call.keywords if keyword.arg}
    for value in [*call.args, *(keyword.value for keyword in call.keywords)]:
        if isinstance(value, ast.Dict):  # defaults={"status": …}
            given |= {key.value for key in value.keys if isinstance(key, ast.Constant)}
    return [(call.lineno, f"{name}({field}=…)") for field in sorted(given & STATE)]


def project_modules():
    for package in ("newsroom", "contacts", "releases", "bench", "bin"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or any(
                path == allowed or path.is_relative_to(allowed) for allowed in ALLOWED
            ):
                continue
            yield path


def test_only_the_services_write_a_release_s_state():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in project_modules()
        for line, what in state_writes(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "State changes go through releases.services:\n" + "\n".join(offenders)


def test_the_scan_reads_the_services_themselves():
    """The services do write state: were the scan unable to see it, the test above could not fail."""
    services = [path for path in (ROOT / "releases" / "services").glob("*.py") if state_writes(path.read_text())]
    assert {path.name for path in services} >= {"importing.py", "editing.py"}


@pytest.mark.parametrize(
    "source",
    [
        "release.status = 'published'",
        "release.published_at, release.embargo_until = times",
        "release.embargo_until += delta",
        "setattr(release, 'withdrawn_at', now)",
        "Release.objects.filter(pk=1).update(status='draft')",
        "Release.objects.create(title='x', published_at=now)",
        "Release(slug='x', status='published')",
        "Release.objects.get_or_create(slug='x', defaults={'embargo_until': later})",
    ],
)
def test_the_scan_finds_each_way_of_writing_state(source):
    assert state_writes(source)


@pytest.mark.parametrize(
    "source",
    [
        "Edit(published_at=when)",
        "release.title_es = 'x'",
        "values = {'status': 'draft'}",
        "Release.objects.filter(status='published')",
    ],
)
def test_the_scan_lets_reading_and_wishes_through(source):
    assert not state_writes(source)
