"""The rows an imported release names, found in the directory or created (releases.importing.directory),
and written: issuing organisations, media contacts, reference links, mentioned organisations and topics."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from contacts.models import Contact
from releases.importing.directory import organisations_named_in
from releases.importing.phones import as_stored, release_country, unread_phone
from releases.importing.records import validated, with_scheme
from releases.models import IssuingOrganisation, MediaContact, ReferenceLink


@dataclass
class Named:
    """The directory's records a parse names, found or created."""

    issuing_organisations: list  # in order
    media_contacts: list  # (press contact, spokesperson or None), in order
    mentioned: list | None  # the front matter's mentioned organisations; None: add those the text names
    topics: list | None  # the front matter's topics; None: leave the release's as they are


def resolve_named(parsed, directory, warnings):
    """Find (or create) the records the file names, in the order the import has always done it."""
    front = parsed.front_matter
    issuing_organisations = _issuing_organisations(parsed, directory, warnings)
    media_contacts = _media_contacts(parsed, directory, warnings)
    mentioned = topics = None
    if front is not None and front.given("mentioned_organisations"):
        found = [directory.organisation_named(name, create=False) for name in front.mentioned_organisations]
        mentioned = [organisation for organisation in found if organisation is not None]
    if front is not None and front.given("topics"):
        topics = [directory.topic(entry) for entry in front.topics]
    return Named(issuing_organisations, media_contacts, mentioned=mentioned, topics=topics)


def _issuing_organisations(parsed, directory, warnings):
    main = parsed.main
    found = []
    for position, issuing in enumerate(main.issuing_organisations):
        names = {main.language: issuing.name}
        for language, part in parsed.translations.items():
            if len(part.issuing_organisations) == len(main.issuing_organisations):
                names[language] = part.issuing_organisations[position].name
        organisation = directory.organisation(
            issuing.name, names=names, publisher=True, links=issuing.links, short_name=issuing.short_name
        )
        if organisation not in found:
            found.append(organisation)
    if not main.issuing_organisations:
        warnings.append(_("No signature found: add the issuing organisations in the admin."))
    return found


def _press_contact(parsed_contact, language, directory, warnings, country):
    organisation = None
    if parsed_contact.organisation:
        organisation = directory.organisation(
            parsed_contact.organisation, names={language: parsed_contact.organisation}
        )
    # Each number as the directory stores it (phones.as_stored); one longer than the field is left out.
    read = {raw: as_stored(raw, country) for raw in parsed_contact.phones}
    read = {raw: found for raw, found in read.items() if len(found[0]) <= Contact._meta.get_field("phone").max_length}
    # Numbers labelled “cel.”/“móvil”/“mobile” go to the mobile field; otherwise the first
    # number is the phone and the second the mobile.
    landlines = [phone for phone in read if phone not in parsed_contact.mobiles]
    mobiles = [phone for phone in read if phone in parsed_contact.mobiles]
    phone = landlines[0] if landlines else ""
    mobile = mobiles[0] if mobiles else (landlines[1] if len(landlines) > 1 else "")
    values = {
        "email": parsed_contact.emails[0].lower() if parsed_contact.emails else "",
        "phone": read[phone][0] if phone else "",
        "mobile": read[mobile][0] if mobile else "",
        "organisation": organisation,
        f"role_{language}": parsed_contact.role[:200],
    }
    unchecked = [field for field, raw in (("phone", phone), ("mobile", mobile)) if raw and not read[raw][1]]
    contact = directory.contact(
        parsed_contact.name, values=values, emails=parsed_contact.emails, is_public=True, unchecked=unchecked
    )
    stored = {contact.phone, contact.mobile, contact.email.lower()}
    warnings += [unread_phone(contact.name, raw) for raw in (phone, mobile) if raw and not read[raw][1]]
    extra = [raw for raw in parsed_contact.phones if read.get(raw, (raw,))[0] not in stored] + [
        email for email in parsed_contact.emails if email.lower() not in stored
    ]
    if extra:
        warnings.append(
            _("%(name)s: a contact holds one phone, one mobile and one email; not stored: %(extra)s.")
            % {"name": contact.name, "extra": ", ".join(extra)}
        )
    return contact


def _media_contacts(parsed, directory, warnings):
    language = parsed.main.language
    country = release_country(parsed)
    pairs = []
    for entry in parsed.main.media_contacts:
        press_contact = _press_contact(entry.press_contact, language, directory, warnings, country)
        spokesperson = None
        if entry.spokesperson:
            spokesperson = directory.contact(
                entry.spokesperson, values={f"role_{language}": entry.spokesperson_role[:200]}, is_public=False
            )
            if spokesperson.pk == press_contact.pk:
                spokesperson = None
        if (press_contact, spokesperson) not in pairs:
            pairs.append((press_contact, spokesperson))
    return pairs


def write_rows(release, parsed, named, *, created, index=None):
    """Make the release's rows those the file names (replacing an existing release's)."""
    if not created:
        release.issuing_organisation_rows.all().delete()
        release.media_contacts.all().delete()
        release.links.all().delete()
    for position, organisation in enumerate(named.issuing_organisations):
        IssuingOrganisation.objects.create(release=release, organisation=organisation, position=position)
    for position, (press_contact, spokesperson) in enumerate(named.media_contacts):
        MediaContact.objects.create(
            release=release, press_contact=press_contact, spokesperson=spokesperson, position=position
        )
    _write_links(release, parsed)
    if named.mentioned is not None:
        release.mentioned_organisations.set(named.mentioned)
    else:
        issuing = {organisation.pk for organisation in named.issuing_organisations}
        release.mentioned_organisations.add(*organisations_named_in(parsed, exclude=issuing, index=index))
    if named.topics is not None:
        release.topics.set(named.topics)


def _write_links(release, parsed):
    for position, link in enumerate(parsed.main.links):
        labels = dict.fromkeys(settings.MODELTRANSLATION_LANGUAGES, "")
        labels[parsed.main.language] = link.label or ""
        for language, part in parsed.translations.items():
            labels[language] = next((other.label or "" for other in part.links if other.url == link.url), "")
        reference = ReferenceLink(
            release=release,
            url=with_scheme(link.url),
            position=position,
            **{f"label_{language}": label[:300] for language, label in labels.items()},
        )
        validated(reference)
        reference.save()


def update_link_labels(release, part):
    """Give the release's links the labels a translation (`part`) gives them, matched by URL."""
    labels = {link.url: link.label or "" for link in part.links}
    for link in release.links.all():
        if link.url in labels:
            setattr(link, f"label_{part.language}", labels[link.url][:300])
            link.save(update_fields=[f"label_{part.language}"])
