from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView

from contacts.models import Contact, Organisation
from newsroom.slugs import find_by_slug, redirect_to_current_url, urls_in_every_language
from newsroom.text import by_name


class OrganisationDetailView(DetailView):
    """An organisation's profile, its coalitions or members, its press contacts and its releases.

    Only organisations and people the public may see named are shown (`listed()`: on the public
    record, or listed by an editor), so a name added for an embargoed statement stays private.

    Releases are reached through the reverse relations, from `published()`, the newest taken
    from the organisation's index entries (whatever the archive holds): contacts imports nothing
    from releases.
    """

    context_object_name = "organisation"
    template_name = "contacts/organisation_detail.html"
    releases_shown = 10

    def get_queryset(self):
        contacts = Prefetch("contacts", queryset=Contact.objects.public().listed())
        return Organisation.objects.listed().prefetch_related("links", contacts)

    def get_object(self, queryset=None):
        organisation, _current = find_by_slug(self.get_queryset(), self.kwargs["slug"])
        if organisation is None:
            raise Http404
        return organisation

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        redirect = redirect_to_current_url(request, self.object)
        if redirect:
            return redirect
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        members, coalitions = organisation.coalitions_and_members()
        entries = organisation.record_entries
        context.update(
            members=[member for member in members if member.is_listed_now],
            coalitions=[coalition for coalition in coalitions if coalition.is_listed_now],
            releases=organisation.releases.published()
            .newest_of(entries.issued(), self.releases_shown)
            .with_listing_related(),
            mentioned_in=organisation.mentioned_in.published().newest_of(entries.mentioned(), self.releases_shown),
            alternate_urls=urls_in_every_language(organisation),
        )
        return context


def organisation_list(request):
    organisations = by_name(Organisation.objects.listed())
    return render(
        request,
        "contacts/organisation_list.html",
        {
            "publishers": [organisation for organisation in organisations if organisation.is_publisher],
            "others": [organisation for organisation in organisations if not organisation.is_publisher],
        },
    )


def press_contacts(request):
    """Public press contacts grouped by organisation; people without one come last, with those
    whose organisation is not listed yet (its name stays private until then)."""
    groups = {}
    for contact in Contact.objects.public().listed().select_related("organisation"):
        organisation = contact.organisation if contact.organisation and contact.organisation.is_listed_now else None
        groups.setdefault(organisation, []).append(contact)
    ordered = by_name(organisation for organisation in groups if organisation is not None)
    grouped = [(organisation, groups[organisation]) for organisation in ordered]
    if None in groups:
        grouped.append((None, groups[None]))
    return render(request, "contacts/press_contacts.html", {"groups": grouped})
