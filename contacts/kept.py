"""What an organisation's page reads about the directory, kept in each process for the generation.

The organisation a slug names, its links, its public press contacts, its coalitions and members
and its URLs in every language change only with a write, which changes the newsroom generation
(newsroom/fragments.py), so they are kept in the same store and under the same rules: only for
the anonymous GETs the store serves (staff and preview links read the database every time), only
for the generation they were read in.

Time alone changes who the public may see named (`listed_from`, contacts/listed.py), but only one
way: a name on the public record stays there until a write. So an organisation once found listed
is kept, and one not found is looked up again at every request (it may be listed at any moment);
press contacts, members and coalitions are kept listed or not, and the page keeps those listed at
its request's moment (`Profile.listed_now()`).
"""

from typing import NamedTuple

from django.db.models import Prefetch

from contacts.models import Contact, Organisation
from newsroom import fragments
from newsroom.slugs import find_by_slug, urls_in_every_language


class Profile(NamedTuple):
    """An organisation (its links prefetched) and the directory rows its page shows."""

    organisation: Organisation
    contacts: list
    members: list
    coalitions: list
    alternate_urls: dict

    def listed_now(self):
        """(contacts, members, coalitions) the public may see named right now."""
        groups = (self.contacts, self.members, self.coalitions)
        return tuple([entry for entry in entries if entry.is_listed_now] for entries in groups)


def organisation_profile(request, slug):
    """The Profile of the listed organisation that `slug` names (in any language, or a former
    slug of it), or None."""
    key = fragments.key_for(request, "organisation-at", slug)
    found = fragments.get(key)
    if found is not None:
        return found
    public_contacts = Prefetch("contacts", queryset=Contact.objects.public(), to_attr="public_contacts")
    organisation, _current = find_by_slug(
        Organisation.objects.listed().prefetch_related("links", public_contacts), slug
    )
    if organisation is None:
        return None  # not kept: it may be listed at any moment
    members, coalitions = organisation.coalitions_and_members()
    profile = Profile(
        organisation, organisation.public_contacts, members, coalitions, urls_in_every_language(organisation)
    )
    return fragments.put(key, profile)
