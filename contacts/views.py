from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView

from contacts.models import Contact, Organisation
from newsroom.slugs import find_by_slug, redirect_to_current_url, urls_in_every_language
from newsroom.text import by_name


class OrganisationDetailView(DetailView):
    """An organisation's profile, its coalitions or members, its press contacts and its releases.

    Releases are reached through the reverse relations, from `published()`: contacts imports
    nothing from releases.
    """

    context_object_name = "organisation"
    template_name = "contacts/organisation_detail.html"
    queryset = Organisation.objects.prefetch_related("links", Prefetch("contacts", queryset=Contact.objects.public()))
    releases_shown = 10

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
        context.update(
            members=members,
            coalitions=coalitions,
            releases=organisation.releases.published().with_listing_related()[: self.releases_shown],
            mentioned_in=organisation.mentioned_in.published()[: self.releases_shown],
            alternate_urls=urls_in_every_language(organisation),
        )
        return context


def organisation_list(request):
    organisations = by_name(Organisation.objects.all())
    return render(
        request,
        "contacts/organisation_list.html",
        {
            "publishers": [organisation for organisation in organisations if organisation.is_publisher],
            "others": [organisation for organisation in organisations if not organisation.is_publisher],
        },
    )


def press_contacts(request):
    """Public press contacts grouped by organisation; people without one come last."""
    groups = {}
    for contact in Contact.objects.public().select_related("organisation"):
        groups.setdefault(contact.organisation, []).append(contact)
    ordered = by_name(organisation for organisation in groups if organisation is not None)
    grouped = [(organisation, groups[organisation]) for organisation in ordered]
    if None in groups:
        grouped.append((None, groups[None]))
    return render(request, "contacts/press_contacts.html", {"groups": grouped})
