"""The directory as a batch of imports looks it up: organisations and people by their folded names.

Matching is that of `OrganisationQuerySet.matching` and `ContactQuerySet.matching` (names in
either language or the short name, ignoring case, accents and punctuation; the first by name
when several match), which compare names in Python and so read the whole directory for every
name they look up. An import of a thousand files looks up thousands of names: the index reads
the directory once, learns what each import adds, and is forgotten after an import that failed
(its rows were rolled back). It lives as long as one batch; something added to the directory
by someone else during the batch is not seen by it, so the batch may add its own copy.
"""

from contacts.models import Contact, Organisation, name_keys
from newsroom.text import folded


class DirectoryIndex:
    def __init__(self):
        self.forget()

    def forget(self):
        """Read the directory again at the next look-up (after an import was rolled back)."""
        self._organisations = None  # folded name -> {pk: name}
        self._rows = None  # pk -> (pk, [name_es, name_en], short name), for releases.importing.mentions
        self._people = None  # folded name -> {pk: name}
        self._emails = None  # email in lower case -> pk
        self._instances = {}  # pk -> Organisation, as the batch's imports left it

    # --- organisations ---------------------------------------------------------------------------

    def organisation_pks(self, name):
        """The pks of `Organisation.objects.matching(name)`, the first by name first."""
        self._read_organisations()
        found = {}
        for key in name_keys(name):
            found.update(self._organisations.get(key, {}))
        return sorted(found, key=lambda pk: (found[pk], pk))

    def organisation_pk(self, name):
        """The pk of the organisation `Organisation.objects.matching(name).first()` gives, or None."""
        return next(iter(self.organisation_pks(name)), None)

    def organisation(self, pk):
        """The Organisation with this pk, read once for the batch."""
        if pk not in self._instances:
            self._instances[pk] = Organisation.objects.get(pk=pk)
        return self._instances[pk]

    def add_organisation(self, organisation):
        """Learn an organisation the import created or changed (its names may be new)."""
        self._instances[organisation.pk] = organisation
        self._read_organisations()
        self._learn_organisation(organisation.pk, organisation.name_es, organisation.name_en, organisation.short_name)

    def organisation_rows(self, exclude=()):
        """[(pk, [name_es, name_en], short name)] of the directory, as find_mentions reads it."""
        self._read_organisations()
        return [row for pk, row in self._rows.items() if pk not in exclude]

    def _read_organisations(self):
        if self._organisations is not None:
            return
        self._organisations, self._rows = {}, {}
        for row in Organisation.objects.order_by().values_list("pk", "name_es", "name_en", "short_name"):
            self._learn_organisation(*row)

    def _learn_organisation(self, pk, name_es, name_en, short_name):
        self._rows[pk] = (pk, [name_es, name_en or ""], short_name)
        for value in (name_es, name_en, short_name):
            if value:
                self._organisations.setdefault(folded(value), {})[pk] = name_es

    # --- people ------------------------------------------------------------------------------------

    def contact_pk(self, name, emails=()):
        """The pk of the person `Contact.objects.matching(name=name, emails=emails).first()`
        gives (by email first, then by name), or None."""
        self._read_people()
        by_email = {self._emails[email.strip().lower()] for email in emails if email.strip().lower() in self._emails}
        if by_email:
            return min(by_email, key=lambda pk: (self._names[pk], pk))
        found = self._people.get(folded(name), {})
        return min(found, key=lambda pk: (found[pk], pk)) if found else None

    def add_contact(self, contact):
        """Learn a person the import created or gave an email address."""
        self._read_people()
        self._learn_contact(contact.pk, contact.name, contact.email)

    def _read_people(self):
        if self._people is not None:
            return
        self._people, self._emails, self._names = {}, {}, {}
        for row in Contact.objects.order_by().values_list("pk", "name", "email"):
            self._learn_contact(*row)

    def _learn_contact(self, pk, name, email):
        self._names[pk] = name
        self._people.setdefault(folded(name), {})[pk] = name
        if email:
            self._emails[email.lower()] = pk
