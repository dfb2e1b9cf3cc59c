"""Organisations, people and topics an imported release names: found in the directory, or created.

Matching follows the `matching` QuerySet methods (organisations by name in either language or
short name, people by email then name, ignoring case and accents); topics match by slug, then
by name. The front matter of an exported file, when there is one, gives what the text cannot:
an organisation's slug, short name, kind, website, networks, description and logo; a person's
role in both languages, organisation, mobile and whether their details are public; a topic's
names. New records get all of it; existing records only get their blanks filled in.

Also here, as they read the directory: the organisations a release's text names
(releases.importing.mentions), which become its mentioned organisations.
"""

from django.utils.translation import gettext as _

from contacts.models import Contact, Organisation, OrganisationLink, name_keys
from newsroom.text import folded
from releases.importing.lookup import DirectoryIndex
from releases.importing.mentions import find_mentions
from releases.importing.records import free_english_slug_from, free_slug, validated, with_scheme
from releases.importing.release_files import store_logo
from releases.models import Topic


def _fill_blanks(instance, values):
    changed = False
    for name, value in values.items():
        if value and not getattr(instance, name):
            setattr(instance, name, value)
            changed = True
    return changed


class Directory:
    """What one import resolves, with the front matter (or None) that describes the records."""

    def __init__(self, front_matter, *, warnings, files=None, stored=None, index=None):
        self.front_matter = front_matter
        # The directory by name, read once for a whole batch of imports (releases.importing.lookup).
        self.index = index or DirectoryIndex()
        # The files read from beside the Markdown (release_files.read_release_files), None for an
        # upload; `stored` collects the files put in storage, removed again if the import fails.
        self.files = files
        self.stored = stored
        self.warnings = warnings
        self.organisation_entries = front_matter.organisations if front_matter else []
        self.contact_entries = front_matter.contacts if front_matter else []
        # The records this import added to the directory, in order (see new_entries).
        self.created = []

    def new_entries(self):
        """{model: [names]} of the organisations, people and topics this import created: what
        releases.importing.permissions checks against the user's permissions."""
        entries = {}
        for record in self.created:
            name = record.name if isinstance(record, Contact) else record.name_es
            entries.setdefault(type(record), []).append(name)
        return entries

    # --- organisations ---------------------------------------------------------------------------

    def organisation_entry(self, *names):
        """The front matter's description of the organisation called any of `names` (or with that slug)."""
        keys = set().union(*(name_keys(name) for name in names if name))
        for entry in self.organisation_entries:
            if entry.slug and entry.slug in names:
                return entry
            if keys & set().union(*(name_keys(name) for name in entry.names)):
                return entry
        return None

    def organisation(self, name, *, names=None, publisher=False, links=(), short_name=None):
        """The organisation called `name` (or any of `names`, or by the acronym signed after its
        name, `short_name`), created when none matches.

        `links` are the social links under a signature, added to the organisation's when new.
        """
        names = names or {}
        entry = self.organisation_entry(name, *names.values())
        candidates = [name, *names.values(), *(entry.names if entry else []), short_name]
        found = (self.index.organisation_pk(candidate) for candidate in candidates if candidate)
        pk = next(filter(None, found), None)
        organisation = self.index.organisation(pk) if pk else None
        if organisation is None:
            organisation = self._new_organisation(
                name, names=names, entry=entry, publisher=publisher, short_name=short_name or ""
            )
        else:
            self._update_organisation(organisation, names=names, entry=entry, publisher=publisher)
        self._add_links(organisation, entry, links)
        self.index.add_organisation(organisation)
        return organisation

    def organisation_named(self, reference, *, create):
        """The organisation a front matter names by slug or name; None (with a warning) when it
        is in neither the front matter nor the directory and `create` is false."""
        entry = self.organisation_entry(reference)
        if entry is not None:
            return self.organisation(entry.name["es"], names=dict(entry.name))
        if create:
            return self.organisation(reference)
        pk = self.index.organisation_pk(reference)
        found = self.index.organisation(pk) if pk else Organisation.objects.filter(slug=reference).first()
        if found is None:
            self.warnings.append(
                _("The organisation “%(name)s” named in the front matter is not in the directory; it was not linked.")
                % {"name": reference}
            )
        return found

    def _new_organisation(self, name, *, names, entry, publisher, short_name=""):
        if entry is not None:  # an exported organisation, as it was
            name_es, name_en = entry.name["es"], entry.name.get("en", "")
        else:
            name_es = names.get("es") or name
            name_en = names.get("en", "") if folded(names.get("en", "")) != folded(name_es) else ""
        kind = entry.kind if entry else ""
        if kind and kind not in Organisation.Kind.values:
            self.warnings.append(
                _("“%(kind)s” is not a kind of organisation; “%(name)s” was saved as “other”.")
                % {"kind": kind, "name": name_es}
            )
            kind = ""
        organisation = Organisation(
            name_es=name_es,
            name_en=name_en,
            short_name=entry.short_name if entry else short_name[:40],  # the field's max_length
            slug=free_slug(Organisation, entry.slug if entry else "", name_es),
            slug_en=free_english_slug_from(Organisation, entry.slug_en) if entry else "",
            kind=kind or Organisation.Kind.OTHER,
            website=with_scheme(entry.website) if entry and entry.website else "",
            is_publisher=entry.is_publisher if entry and entry.is_publisher is not None else publisher,
            description_es=entry.description.get("es", "") if entry else "",
            description_en=entry.description.get("en", "") if entry else "",
        )
        self._add_logo(organisation, entry)
        validated(organisation, exclude=["logo"])
        organisation.save()
        self.created.append(organisation)
        if entry is None:
            self.warnings.append(_("New organisation “%(name)s”: check its details.") % {"name": organisation.name_es})
        return organisation

    def _update_organisation(self, organisation, *, names, entry, publisher):
        values = {
            "name_en": names.get("en") or (entry.name.get("en") if entry else ""),
            "short_name": entry.short_name if entry else "",
            "website": with_scheme(entry.website) if entry and entry.website else "",
            "description_es": entry.description.get("es", "") if entry else "",
            "description_en": entry.description.get("en", "") if entry else "",
            "slug_en": free_english_slug_from(Organisation, entry.slug_en, exclude_pk=organisation.pk) if entry else "",
        }
        if values["name_en"] and folded(values["name_en"]) == folded(organisation.name_es):
            values["name_en"] = ""
        changed = _fill_blanks(organisation, values)
        if not organisation.logo and self._add_logo(organisation, entry):
            changed = True
        # An issuing organisation publishes in this newsroom, unless the exported file says it did not there.
        if publisher and not organisation.is_publisher and not (entry and entry.is_publisher is False):
            organisation.is_publisher = True
            changed = True
        if changed:
            validated(organisation, exclude=["logo"])
            organisation.save()

    def _add_logo(self, organisation, entry):
        """Give the organisation the front matter's logo (checked when it was read); False when
        there is none to give (or no folder to read it from: an upload)."""
        if entry is None or not entry.logo or self.files is None:
            return False
        store_logo(organisation, entry.logo, self.files, self.stored)
        return True

    def _add_links(self, organisation, entry, body_links):
        """The front matter's links (with their networks) and then the signature's, those not known yet."""
        networks = {with_scheme(url): network for network, url in (entry.links if entry else [])}
        wanted = [*networks.items()]
        wanted += [(url, networks.get(url, "")) for url in map(with_scheme, body_links)]
        if not wanted:
            return
        links = dict(organisation.links.values_list("url", "position"))
        known, position = set(links), max(links.values(), default=-1) + 1
        for url, network in wanted:
            if url in known:
                continue
            if network not in OrganisationLink.Network.values:
                network = OrganisationLink.Network.from_url(url, website=organisation.website)
            link = OrganisationLink(organisation=organisation, url=url, network=network, position=position)
            validated(link, exclude=["organisation"])  # the organisation in hand exists
            link.save()
            known.add(url)
            position += 1

    # --- people ------------------------------------------------------------------------------------

    def contact_entry(self, name, emails=()):
        emails = {email.lower() for email in emails if email}
        for entry in self.contact_entries:
            if entry.email and entry.email in emails:
                return entry
        key = folded(name)
        return next((entry for entry in self.contact_entries if key and folded(entry.name) == key), None)

    def contact(self, name, *, values, emails=(), is_public, unchecked=()):
        """The person called `name` (or with one of `emails`), created with `values` when new,
        else with blanks filled in; the front matter completes `values`. `unchecked`: the phone
        fields whose number is stored as written, unchecked (releases.importing.phones)."""
        entry = self.contact_entry(name, emails)
        if entry is not None:
            emails = [*emails, entry.email]
            values = {
                "email": entry.email,
                "phone": entry.phone,
                "mobile": entry.mobile,
                **{key: value for key, value in values.items() if value},
            }
            for language, role in entry.role.items():
                values.setdefault(f"role_{language}", role[:200])
            if not values.get("organisation") and entry.organisation:
                values["organisation"] = self.organisation_named(entry.organisation, create=True)
            if entry.is_public is not None:
                is_public = entry.is_public
        contact = self._find_contact(name, emails)
        if contact is None:
            contact = Contact(name=name, is_public=is_public, **{"role_es": "", "role_en": "", **values})
            # The organisation, when there is one, is in hand: no query to check that it exists.
            validated(contact, exclude=["photo", "organisation", *unchecked])
            contact.save()
            self.created.append(contact)
            self.index.add_contact(contact)
        elif _fill_blanks(contact, values):
            validated(contact, exclude=["photo", "organisation", *unchecked])
            contact.save()
            self.index.add_contact(contact)
        return contact

    def _find_contact(self, name, emails):
        """Contact.objects.matching(name=name, emails=emails).first(), through the index."""
        pk = self.index.contact_pk(name, emails)
        return Contact.objects.get(pk=pk) if pk else None

    # --- topics ------------------------------------------------------------------------------------

    def topic(self, entry):
        """The topic with the front matter's slug, or name; created when there is none."""
        topic = Topic.objects.filter(slug=entry.slug).first()
        if topic is None:
            keys = {folded(name) for name in entry.name.values()} - {""}
            topic = next(
                (topic for topic in Topic.objects.all() if keys & {folded(topic.name_es), folded(topic.name_en or "")}),
                None,
            )
        if topic is None:
            name_es = entry.name.get("es") or entry.name.get("en") or entry.slug
            topic = Topic(
                slug=free_slug(Topic, entry.slug, name_es),
                slug_en=free_english_slug_from(Topic, entry.slug_en),
                name_es=name_es[:100],
                name_en=entry.name.get("en", "")[:100],
            )
            validated(topic)
            topic.save()
            self.created.append(topic)
        elif _fill_blanks(
            topic,
            {
                "name_en": entry.name.get("en", "")[:100],
                "slug_en": free_english_slug_from(Topic, entry.slug_en, exclude_pk=topic.pk),
            },
        ):
            topic.save()
        return topic


# --- mentioned organisations ------------------------------------------------------------------


def organisations_named_in(parsed, *, exclude=(), index=None):
    """Organisations of the directory the release's text names (see releases.importing.mentions)."""
    texts = []
    for part in [parsed.main, *parsed.translations.values()]:
        texts += [part.title, *part.summary, part.body, part.context_markdown]
    found = find_mentions(texts, (index or DirectoryIndex()).organisation_rows(exclude=exclude))
    by_pk = Organisation.objects.in_bulk(found)
    return [by_pk[pk] for pk in found]


def mentioned_organisation_names(parsed, index=None):
    """The names of the organisations importing `parsed` would link as mentioned (for the parse's
    JSON and the admin preview): the front matter's, else those of the directory the text names,
    leaving out the issuing organisations. `index`: a batch's (releases.importing.lookup)."""
    front = parsed.front_matter
    if front is not None and front.given("mentioned_organisations"):
        names = {entry.slug: entry.name["es"] for entry in front.organisations if entry.slug}
        return [names.get(name, name) for name in front.mentioned_organisations]
    index = index or DirectoryIndex()
    issuing = {pk for signer in parsed.main.issuing_organisations for pk in index.organisation_pks(signer.name)}
    return [organisation.name_es for organisation in organisations_named_in(parsed, exclude=issuing, index=index)]
