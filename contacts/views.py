from django.views.generic import DetailView

from contacts.models import Organisation


class OrganisationDetailView(DetailView):
    model = Organisation
    context_object_name = "organisation"
    template_name = "contacts/organisation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["releases"] = self.object.releases.published().with_listing_related()[:20]
        return context
