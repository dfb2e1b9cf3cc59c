"""The admin's “Import from Markdown”: upload files, check the parse, confirm, get drafts.

The upload runs as the user: a file that would update a release they may not change (a writer
and a published release), or add organisations, people or topics they may not add, is refused
in the preview and again on confirming; an update never changes a release's status, and the
times of someone who may not publish are left out, with a warning (releases/services/importing.py).
The preview checks the files of one release (x.es.md and x.en.md) together, as they are imported.

Nothing is kept on the server between the two steps: the preview page carries the uploaded
texts in a signed hidden field, and the confirm step parses them again, so any app server
can take either request and nobody can slip other text into the confirmation.
"""

import json
import logging

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import format_phone
from releases import services
from releases.admin.forms import unreachable_contacts_reason_field
from releases.importing.batch import combine_versions, group_by_release, import_batch, parse_source
from releases.importing.directory import mentioned_organisation_names
from releases.importing.files import MAX_FILE_BYTES, SourceText, UnreadableFile, import_key, normalise, read_upload
from releases.importing.parser import ParseError
from releases.importing.permissions import new_entries_refusal
from releases.importing.records import ImportFailed
from releases.importing.service import file_times, find_imported_release, new_entries
from releases.models.rows import ContactLine

logger = logging.getLogger(__name__)

# Named after the module this was first written in; kept, so a preview made before an upgrade confirms.
SIGNING_SALT = "releases.admin_import"
# The texts travel back in a form field, and Django refuses request bodies over 2.5 MB.
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
MAX_FILES = 50
CONFIRM_MAX_AGE = 60 * 60


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".md,.markdown,.txt,text/markdown,text/plain"}))
        # Empty files are reported per file, with the other files still imported.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class MarkdownUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Markdown files"),
        help_text=gettext_lazy(
            "One release per file (.md, .markdown or .txt), up to %(count)d files and %(size)s in all. "
            "Name the two languages of one release x.es.md and x.en.md. For larger batches use the "
            "import_releases command."
        )
        % {"count": MAX_FILES, "size": "2 MB"},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Upload at most %(count)d files at a time.") % {"count": MAX_FILES})
        total = sum(file.size or 0 for file in files)
        if total > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The files add up to %(size)s; upload at most %(limit)s at a time.")
                % {"size": filesizeformat(total), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return files


class ConfirmForm(forms.Form):
    """The confirmation: the signed texts, and for editors the reason to publish past
    check_press_contacts (only those who may publish have the field)."""

    payload = forms.CharField(widget=forms.HiddenInput)
    unreachable_contacts_reason = unreachable_contacts_reason_field(
        gettext_lazy(
            "Only when importing is refused because journalists could not call or write to the press contacts "
            "of a release that is published or waiting to go public: why it must go out anyway. Kept in the "
            "audit trail."
        )
    )

    def __init__(self, *args, may_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["unreachable_contacts_reason"]

    def clean_payload(self):
        try:
            files = signing.loads(self.cleaned_data["payload"], salt=SIGNING_SALT, max_age=CONFIRM_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(_("The preview is more than an hour old: upload the files again.")) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The confirmation was altered or is broken: upload the files again.")
            ) from None
        return [SourceText(name=name, text=normalise(text), warnings=[]) for name, text in files]


def _existing(parsed):
    front_matter = parsed.front_matter
    return find_imported_release(import_key(parsed.source), slug=front_matter.slug if front_matter else "")


def _check(user, sources):
    """What confirming the files of one release would do, as `user`: {"existing": the release it
    updates or None, "refusal": why it is refused or None, "warnings": the workflow's, "main": the
    file they are about (the Spanish one)}. ParseError or ImportFailed when importing would fail."""
    parsed = combine_versions([parse_source(source) for source in sources])
    existing = _existing(parsed)
    refusal = services.import_refusal(user=user, release=existing) or new_entries_refusal(
        user=user, entries=new_entries(parsed, release=existing)
    )
    warnings = services.times_not_applied(user, was=existing, times=file_times(parsed, release=existing))
    return {"existing": existing, "refusal": refusal, "warnings": warnings, "main": parsed.source}


# The parse's fields the preview has a row for (keys of its JSON): a warning about one of them
# is shown in that row, beside what was read; the others are listed under "Warnings".
FIELDS_SHOWN = ("title", "date", "embargo_until", "context", "media_contacts", "links", "issuing_organisations")


def _preview(parsed, existing, warnings):
    """What the preview shows of one parse: its JSON, whether it updates a release, and the
    parse's warnings with the workflow's (`warnings`): all of them, those of each field shown
    (`beside`), and the rest (`other_warnings`)."""
    parsed.mentioned_organisations = mentioned_organisation_names(parsed)
    data = parsed.as_json()
    every = [*data["warnings"], *warnings]
    shown = {*FIELDS_SHOWN, "front_matter"} if data["front_matter"] else set(FIELDS_SHOWN)
    beside = {name: [warning for warning in every if getattr(warning, "field", None) == name] for name in shown}
    return {
        "data": data,
        "json": json.dumps(data, ensure_ascii=False, indent=2),
        "existing": existing,
        "warnings": every,
        "beside": beside,
        "other_warnings": [warning for warning in every if getattr(warning, "field", None) not in shown],
        "contact_lines": [_contact_line(pair) for pair in data["media_contacts"]],
    }


def _contact_line(pair):
    """A media contact as read from a file, shown as the release page would show it."""
    press = pair["press_contact"]
    return ContactLine(
        press_contact=press["name"],
        spokesperson=pair.get("spokesperson") or "",
        organisation=press.get("organisation") or "",
        numbers=tuple(format_phone(phone) for phone in press.get("phones", [])),
        emails=tuple(press.get("emails", [])),
    )


def _read_uploads(user, uploads):
    """(previews, failures, files to confirm as [name, text]) of the uploaded files, each file
    checked as `user` would import it (refusals are failures)."""
    previews, failures, good, read = [], [], [], []
    for upload in uploads:
        try:
            source = read_upload(upload)
            read.append((source, parse_source(source)))
        except (UnreadableFile, ParseError) as error:
            failures.append({"name": upload.name, "error": str(error)})
        except Exception:  # noqa: BLE001 - one odd file must not hide the others
            logger.exception("Unexpected error reading the upload %s", upload.name)
            failures.append({"name": upload.name, "error": _("Unexpected error (reported in the log).")})
    by_name = {source.name: source for source, _parsed in read}
    checks = {}  # file name -> _check() of its release: checked again on confirming, when it counts
    for names in group_by_release(by_name).values():
        try:
            check = _check(user, [by_name[name] for name in names])
        except (ImportFailed, ParseError) as error:
            check = {"existing": None, "refusal": str(error), "warnings": [], "main": None}
        except Exception:  # noqa: BLE001 - one odd file must not hide the others
            logger.exception("Unexpected error checking the upload %s", ", ".join(names))
            check = {"existing": None, "refusal": _("Unexpected error (reported in the log)."), "main": None}
        checks.update(dict.fromkeys(names, check))
    for source, parsed in read:
        check = checks[source.name]
        if check["refusal"] is not None:
            failures.append({"name": source.name, "error": check["refusal"]})
            continue
        # The workflow's warnings are about the release's times, which its main file gives.
        warnings = check["warnings"] if source.name == check["main"] else []
        previews.append(_preview(parsed, check["existing"], warnings))
        good.append((source.name, source.text))
    return previews, failures, good


def import_markdown_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    changelist_url = reverse("admin:releases_release_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import from Markdown"),
        "changelist_url": changelist_url,
    }
    may_publish = request.user.has_perm("releases.publish_release")
    if request.method == "POST" and "payload" in request.POST:
        if not may_publish and "unreachable_contacts_reason" in request.POST:
            # A field the page does not offer is not a permission: refused as a whole.
            raise PermissionDenied("Fields you may not change: unreachable_contacts_reason")
        confirm = ConfirmForm(request.POST, may_publish=may_publish)
        if not confirm.is_valid():
            for errors in confirm.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("admin:releases_release_import")
        reason = confirm.cleaned_data.get("unreachable_contacts_reason", "")
        _import(request, confirm.cleaned_data["payload"], unreachable_contacts_reason=reason)
        return redirect(changelist_url)

    form = MarkdownUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        previews, failures, good = _read_uploads(request.user, form.cleaned_data["files"])
        context.update(
            previews=previews,
            failures=failures,
            confirm_form=ConfirmForm(
                initial={"payload": signing.dumps(good, salt=SIGNING_SALT, compress=True)}, may_publish=may_publish
            )
            if good
            else None,
        )
    context["form"] = form
    return TemplateResponse(request, "admin/releases/release/import_markdown.html", context)


def _releases(request, sources):
    """(import key, parses of its files) of each release the confirmed files make."""
    by_name = {source.name: source for source in sources}
    for key, names in group_by_release(by_name).items():
        try:
            yield key, [parse_source(by_name[name]) for name in names]
        except ParseError as error:
            messages.error(request, _("%(files)s: %(error)s") % {"files": ", ".join(names), "error": error})


def _import(request, sources, *, unreachable_contacts_reason=""):
    """Import the confirmed files, each release in its own transaction, and say how it went.
    `unreachable_contacts_reason`: an editor's reason to let releases go out whose press contacts
    journalists could not reach (services.check_press_contacts)."""
    done = []
    # Uploads become drafts to review, whatever status an exported file's front matter gives.
    batch = import_batch(
        _releases(request, sources),
        user=request.user,
        status_from_file=False,
        unreachable_contacts_reason=unreachable_contacts_reason,
    )
    for outcome in batch:
        if outcome.result is None:
            messages.error(
                request, _("%(files)s: %(error)s") % {"files": ", ".join(outcome.names), "error": outcome.error}
            )
            continue
        done.append(outcome.result)
        for warning in outcome.result.warnings:
            messages.warning(request, f"{outcome.result.release.title_es}: {warning}")
    if done:
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:releases_release_change", args=[r.release.pk]), r.release.title_es) for r in done),
        )
        messages.success(
            request,
            format_html(
                "{} {}",
                _("Imported %(created)d new and updated %(updated)d releases; new ones are drafts to review:")
                % {
                    "created": sum(result.created for result in done),
                    "updated": sum(not result.created for result in done),
                },
                links,
            ),
        )
