from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView

from contacts import kept
from contacts.models import Contact, Organisation
from newsroom import fragments
from newsroom.slugs import redirect_to_current_url
from newsroom.text import by_name


class OrganisationDetailView(DetailView):
    """An organisation's profile, its coalitions or members, its press contacts and its releases.

    Only organisations and people the public may see named are shown (`listed()`: on the public
    record, or listed by an editor), so a name added for an embargoed statement stays private.

    Releases are reached through the reverse relations, from `published()`, the newest taken
    from the organisation's index entries (whatever the archive holds): contacts imports nothing
    from releases. The directory rows are kept for the generation (contacts/kept.py); once the
    page has been made in the generation, it reads its releases' ids alone, as list pages do:
    their cards (`{% release_cards %}`) and the "Mentioned in" list are kept fragments.
    """

    context_object_name = "organisation"
    template_name = "contacts/organisation_detail.html"
    releases_shown = 10

    def get_object(self, queryset=None):
        self.profile = kept.organisation_profile(self.request, self.kwargs["slug"])
        if self.profile is None:
            raise Http404
        return self.profile.organisation

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        redirect = redirect_to_current_url(request, self.object)
        if redirect:
            return redirect
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        contacts, members, coalitions = self.profile.listed_now()
        entries = organisation.record_entries
        releases = organisation.releases.published().newest_of(entries.issued(), self.releases_shown)
        mentioned_in = organisation.mentioned_in.published().newest_of(entries.mentioned(), self.releases_shown)
        if fragments.page_made_before(self.request):
            releases = list(releases.values_list("pk", flat=True))
            mentioned_ids = list(mentioned_in.values_list("pk", flat=True))  # its rows, if not kept
        else:
            releases = releases.with_listing_related()
            if fragments.used_by(self.request):  # the cards not kept read their stored ones
                releases = releases.with_stored_cards("listed")
            mentioned_ids = [release.pk for release in mentioned_in]
        context.update(
            contacts=contacts,
            members=members,
            coalitions=coalitions,
            # What the sidebar shows besides the organisation itself: who is listed at this moment.
            listed=[[entry.pk for entry in entries] for entries in (contacts, members, coalitions)],
            releases=releases,
            mentioned_in=mentioned_in,
            mentioned_ids=mentioned_ids,
            alternate_urls=self.profile.alternate_urls,
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
