"""Everything reading a release can report: the error that refuses a file, and the warnings.

A warning is a `FieldWarning`: a one-line string, as the JSON and the import command show it,
that also knows which field of the release it concerns (`field`, a key of the JSON, or None
for the file as a whole), so a form can show it beside that field. The parser says where it
was unsure instead of guessing silently: whatever it could not place stays in the body, with
a warning naming it.
"""

from django.utils.translation import gettext as _


class ParseError(ValueError):
    """The text cannot be read as a release; the message says why, in one line."""


class FieldWarning(str):
    """A warning (a plain string) about one field of the parse (`field`)."""

    def __new__(cls, message, field=None):
        warning = super().__new__(cls, message)
        warning.field = field
        return warning


def quote(text, limit=70):
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


# --- errors -----------------------------------------------------------------------------------


def empty_file():
    return ParseError(_("The file is empty."))


def no_headline():
    return ParseError(_("No headline: start the release with a heading (# …) or a bold line."))


def same_language(first, second):
    return ParseError(_("%(first)s and %(second)s are both in the same language.") % {"first": first, "second": second})


# --- warnings, by the field they concern ------------------------------------------------------


def envelope_left_out(lines):
    message = _("The email header lines above the release were left out: %(lines)s") % {
        "lines": quote(" · ".join(line.strip() for line in lines), limit=120)
    }
    return FieldWarning(message)


def subject_as_headline():
    return FieldWarning(_("The text has no headline: the email’s subject was used."), "title")


def first_line_as_headline():
    return FieldWarning(_("No heading or bold line to take as the headline: the first line was used."), "title")


def embargo_unreadable(line):
    message = _("The embargo line %(line)s could not be read; it was kept in the body.") % {"line": quote(line)}
    return FieldWarning(message, "embargo_until")


def zone_assumed(zone):
    message = _("The embargo names no time zone: %(zone)s, the newsroom’s, was assumed.") % {"zone": zone}
    return FieldWarning(message, "embargo_until")


def zone_disagrees(written, zone, offset):
    message = _("The embargo says %(written)s, but on that day %(zone)s is at UTC%(offset)s; that offset was used.")
    return FieldWarning(message % {"written": written, "zone": zone, "offset": offset}, "embargo_until")


def year_assumed(field, year):
    if field == "embargo_until":
        return FieldWarning(_("The embargo gives no year: %(year)s was assumed.") % {"year": year}, field)
    return FieldWarning(_("The dateline gives no year: %(year)s was assumed.") % {"year": year}, field)


def not_a_contact(text):
    message = _("Not read as a press contact, so kept in the body: %(text)s") % {"text": quote(text)}
    return FieldWarning(message, "media_contacts")


def not_a_spokesperson(text):
    message = _("%(text)s does not look like a person’s name, so no spokesperson was set.") % {"text": quote(text)}
    return FieldWarning(message, "media_contacts")


def not_a_link(text):
    return FieldWarning(_("Not read as a link, so kept in the body: %(text)s") % {"text": quote(text)}, "links")


def not_an_issuing_organisation(text):
    message = _("Not read as an issuing organisation, so kept in the body: %(text)s") % {"text": quote(text)}
    return FieldWarning(message, "issuing_organisations")


def not_placed(text):
    message = _("Not placed in any part of the release, so kept in the body: %(text)s") % {"text": quote(text)}
    return FieldWarning(message, "body")


def person_signs(text):
    message = _("%(text)s reads as a person signing, not an organisation, so it was kept in the body.")
    return FieldWarning(message % {"text": quote(text)}, "issuing_organisations")


def links_given_to(name, urls):
    message = _(
        "The links %(urls)s were given to %(name)s, the nearest issuing organisation: check that they are its own."
    )
    return FieldWarning(message % {"urls": ", ".join(urls), "name": quote(name)}, "issuing_organisations")


def second_name_unused(name):
    message = _(
        "%(name)s reads as an organisation’s name in another language, which this file does not have; it was not used."
    )
    return FieldWarning(message % {"name": quote(name)}, "issuing_organisations")


def issuing_organisations_differ(language):
    message = _(
        "The two language versions are signed by a different number of organisations; the %(language)s "
        "signature was not used."
    )
    return FieldWarning(message % {"language": language}, "issuing_organisations")


def dates_differ():
    return FieldWarning(_("The two language versions give different dates; the first one was used."), "date")


def embargoes_differ():
    message = _("The two language versions give different embargoes; the first one was used.")
    return FieldWarning(message, "embargo_until")


def front_matter_twice(file, main):
    message = _("%(file)s has a front matter of its own; the one in %(main)s was used.")
    return FieldWarning(message % {"file": file, "main": main}, "front_matter")
