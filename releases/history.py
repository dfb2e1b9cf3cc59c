"""What changed in a release, field by field, between two of its states.

A state is either a revision kept by django-reversion (the release with the rows edited on its
admin page) or the release as it is in the database now. Both are turned into the same
"snapshot" (label -> text), so the admin's revision comparison and the message shown when two
people edit the same release at once use one diff. Labels name the language of translated
fields, because a change to the English headline is not a change to the Spanish one.
"""

import difflib
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from reversion.models import Version

from contacts.models import Contact, Organisation
from releases.models import Attachment, IssuingOrganisation, MediaContact, ReferenceLink, Release, Topic

_INLINES = (IssuingOrganisation, MediaContact, ReferenceLink, Attachment)
TRANSLATED = ["title", "summary", "dateline_place", "body", "background", "featured_image_alt"]
PLAIN = ["slug", "status", "published_at", "embargo_until", "featured_image", "featured_image_credit"]


@dataclass
class Difference:
    label: str
    old: str
    new: str

    @property
    def html(self):
        """The new text with insertions and deletions marked word by word (escaped)."""
        old_words, new_words = self.old.split(" "), self.new.split(" ")
        parts = []
        matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
        for operation, a1, a2, b1, b2 in matcher.get_opcodes():
            if operation == "equal":
                parts.append(escape(" ".join(old_words[a1:a2])))
                continue
            if a2 > a1:
                parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
            if b2 > b1:
                parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
        return mark_safe(" ".join(parts).replace("\n", "<br>"))  # noqa: S308 - every part escaped above


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)


def _snapshot(fields, m2m, rows):
    """Label -> text for a release given as plain data: its field values (by attname), its
    many-to-many ids, and its inline rows (model -> list of field dicts)."""
    snapshot = {}
    languages = dict(settings.LANGUAGES)
    for name in TRANSLATED:
        verbose = Release._meta.get_field(name).verbose_name
        for code, language in languages.items():
            snapshot[f"{verbose} ({language})"] = _text(fields.get(build_localized_fieldname(name, code)))
    for name in PLAIN:
        value = fields.get(name)
        if name == "status":
            value = Release.Status(value).label if value in Release.Status.values else value
        snapshot[str(Release._meta.get_field(name).verbose_name)] = _text(value)

    def names(model, ids):
        found = model.objects.in_bulk([i for i in ids if i])
        return {i: str(found[i]) if i in found else _("(deleted #%s)") % i for i in ids if i}

    topics = names(Topic, m2m.get("topics", []))
    snapshot[str(Release._meta.get_field("topics").verbose_name)] = ", ".join(sorted(topics.values()))
    mentioned = names(Organisation, m2m.get("mentioned_organisations", []))
    label = str(Release._meta.get_field("mentioned_organisations").verbose_name)
    snapshot[label] = ", ".join(sorted(mentioned.values()))

    def ordered(model):
        return sorted(rows.get(model, []), key=lambda row: row.get("position", 0))

    issuing = ordered(IssuingOrganisation)
    organisations = names(Organisation, [row["organisation_id"] for row in issuing])
    snapshot[str(IssuingOrganisation._meta.verbose_name_plural)] = "\n".join(
        organisations[row["organisation_id"]] for row in issuing
    )
    pairs = ordered(MediaContact)
    people = names(Contact, [row[key] for row in pairs for key in ("press_contact_id", "spokesperson_id")])
    snapshot[str(MediaContact._meta.verbose_name_plural)] = "\n".join(
        " → ".join(filter(None, [people.get(row["spokesperson_id"]), people.get(row["press_contact_id"])]))
        for row in pairs
    )

    def described(model, text_field, main_field):
        return "\n".join(
            " ".join(filter(None, [*(row.get(f"{text_field}_{code}") for code in languages), row[main_field]]))
            for row in ordered(model)
        )

    snapshot[str(ReferenceLink._meta.verbose_name_plural)] = described(ReferenceLink, "label", "url")
    snapshot[str(Attachment._meta.verbose_name_plural)] = described(Attachment, "title", "file")
    return snapshot


def _fields(obj):
    fields = {field.attname: field.value_from_object(obj) for field in obj._meta.concrete_fields}
    return {name: value.name if hasattr(value, "storage") else value for name, value in fields.items()}


def snapshot_of_release(release):
    """The release as it is in the database now."""
    release = Release.objects.get(pk=release.pk)
    fields = _fields(release)
    m2m = {
        "topics": list(release.topics.values_list("pk", flat=True)),
        "mentioned_organisations": list(release.mentioned_organisations.values_list("pk", flat=True)),
    }
    # From instances, as reversion reads them: modeltranslation's values() would name translated
    # columns by their base name only.
    rows = {model: [_fields(row) for row in model.objects.filter(release=release)] for model in _INLINES}
    return _snapshot(fields, m2m, rows)


def snapshot_of_revision(revision, release_pk):
    """The release as a django-reversion revision kept it."""
    fields, m2m, rows = {}, {}, {}
    for version in revision.version_set.all():
        model = version._model
        data = version.field_dict
        if model is Release and str(version.object_id) == str(release_pk):
            fields = {key: value for key, value in data.items() if key not in ("topics", "mentioned_organisations")}
            fields["featured_image"] = str(data.get("featured_image") or "")
            m2m = {key: list(data.get(key) or []) for key in ("topics", "mentioned_organisations")}
        elif model in _INLINES:
            row = dict(data)
            if model is Attachment:
                row["file"] = str(row.get("file") or "")
            rows.setdefault(model, []).append(row)
    return _snapshot(fields, m2m, rows)


def differences(old, new):
    """The fields whose text differs between two snapshots, in the order of the form."""
    return [Difference(label, old.get(label, ""), new[label]) for label in new if old.get(label, "") != new[label]]


def versions_of(release):
    """The release's kept versions (one per revision), newest first."""
    return Version.objects.get_for_object(release).select_related("revision__user").order_by("-pk")


def revision_for_version(release, number):
    """The revision that kept the release at version `number` (the one an editor saw), if any."""
    for version in versions_of(release).only("serialized_data", "revision"):
        try:
            data = json.loads(version.serialized_data)[0]["fields"]
        except (ValueError, KeyError, IndexError):
            continue
        if data.get("version") == number:
            return version.revision
    return None


def changes_since(release, number):
    """What changed in the release since version `number`, or None when no revision of that
    version was kept (then nobody can say what exactly changed)."""
    revision = revision_for_version(release, number)
    if revision is None:
        return None
    return differences(snapshot_of_revision(revision, release.pk), snapshot_of_release(release))
