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
# Every package of the project is read. In alerts, `status` is also the field of its own outbox
# rows (queued, sent, failed): there a status counts when it is written on something named a
# release (release.status, alert.release.status, Release.objects…update(status=…)); the three
# times, which no alerts model has, count wherever they are written.
PACKAGES = {"accounts": False, "alerts": True, "bench": False, "bin": False}
PACKAGES |= {"contacts": False, "newsroom": False, "releases": False}
NOT_CODE = {"locale", "static", "templates", "tests", "var"}
SERVICES = ROOT / "releases" / "services"
# The importer's reader fills in the parse of a file (Part, FrontMatter, whose fields say what the
# file asks for), never a release: parser.py and every module it reads with, which must stay plain
# Python with no database (test_the_reader_left_out_touches_no_database).
READER = ROOT / "releases" / "importing" / "parser.py"
DATABASE_IMPORTS = ("django.db", "releases.services", "releases.models", "contacts.models", "alerts", "accounts")


def state_writes(source, *, own_status=False):
    """(line, what) of each place in `source` that writes a release's state. With `own_status`
    (a package whose own models have a `status`), a status counts only on a release."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and _is_state(part.attr, part.value, own_status):
                        found.append((node.lineno, f"assigns .{part.attr}"))
        elif isinstance(node, ast.Call):
            found += _call_writes(node, own_status)
    return found


def _is_state(field, written_on, own_status):
    return field in STATE and (not own_status or field != "status" or _names_a_release(written_on))


def _names_a_release(node):
    """Whether the object written on is called a release anywhere along its chain (release.x,
    alert.release.x, Release.objects.filter(…).update(…))."""
    while True:
        if isinstance(node, ast.Name):
            return node.id in MODELS or node.id.lower() in {"release", "releases"}
        if isinstance(node, ast.Attribute):
            if node.attr.lower() in {"release", "releases"}:
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return False


def _call_writes(call, own_status=False):
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    if name == "setattr" and len(call.args) > 1:
        field = call.args[1]
        if isinstance(field, ast.Constant) and _is_state(field.value, call.args[0], own_status):
            return [(call.lineno, f"setattr(…, {field.value!r})")]
        return []
    if name not in WRITES | MODELS:
        return []
    given = {keyword.arg for keyword in call.keywords if keyword.arg}
    for value in [*call.args, *(keyword.value for keyword in call.keywords)]:
        if isinstance(value, ast.Dict):  # defaults={"status": …}
            given |= {key.value for key in value.keys if isinstance(key, ast.Constant)}
    if own_status and name not in MODELS and not _names_a_release(function.value):
        given.discard("status")
    return [(call.lineno, f"{name}({field}=…)") for field in sorted(given & STATE)]


def _imports(path):
    """The modules `path` imports, by their full dotted names."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return names


def _module_path(name):
    path = ROOT.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def reader_modules():
    """parser.py and every module of the project it imports, directly or not."""
    found, waiting = set(), [READER]
    while waiting:
        path = waiting.pop()
        if path in found:
            continue
        found.add(path)
        for name in _imports(path):
            if name.startswith("releases.importing") and (module := _module_path(name)):
                waiting.append(module)
    return found


def project_modules():
    reader = reader_modules()
    for package, own_status in sorted(PACKAGES.items()):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or path in reader or path.is_relative_to(SERVICES):
                continue
            yield path, own_status


def test_only_the_services_write_a_release_s_state():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path, own_status in project_modules()
        for line, what in state_writes(path.read_text(encoding="utf-8"), own_status=own_status)
    ]
    assert not offenders, "State changes go through releases.services:\n" + "\n".join(offenders)


def test_every_package_of_the_project_is_read():
    packages = {
        path.name
        for path in ROOT.iterdir()
        if path.is_dir() and not path.name.startswith(".") and any(path.rglob("*.py"))
    }
    assert packages - NOT_CODE <= set(PACKAGES), "Add the new package to PACKAGES"


def test_the_reader_left_out_touches_no_database():
    """The reader may fill in a parse's `status` or `embargo_until` because it cannot reach a
    release: it imports nothing that reaches the database."""
    reader = reader_modules()
    assert {path.name for path in reader} >= {"parser.py", "front_matter.py", "bilingual.py", "opening.py"}
    reaching = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted(reader)
        for name in _imports(path)
        if name.startswith(DATABASE_IMPORTS) or ".models" in name
    ]
    assert not reaching


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


@pytest.mark.parametrize(
    "source",
    [
        "release.status = 'published'",
        "alert.release.status = 'withdrawn'",
        "delivery.alert.release.published_at = now",
        "Release.objects.filter(pk=1).update(status='draft')",
        "alert.release.save() or setattr(alert.release, 'status', 'draft')",
        "Release(slug='x', status='published')",
        "Delivery.objects.filter(pk=1).update(embargo_until=later)",
    ],
)
def test_where_models_have_a_status_of_their_own_a_release_s_is_still_found(source):
    assert state_writes(source, own_status=True)


@pytest.mark.parametrize(
    "source",
    [
        "delivery.status = 'sent'",
        "Digest.objects.filter(pk=1).update(status='cancelled')",
        "model.objects.filter(pk__in=pks).update(status=Status.CANCELLED)",
    ],
)
def test_where_models_have_a_status_of_their_own_theirs_may_be_written(source):
    assert not state_writes(source, own_status=True)
