from contacts.models import Organisation
from newsroom.sitemaps import TranslatedSitemap


class OrganisationSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Organisation.objects.order_by("slug")
