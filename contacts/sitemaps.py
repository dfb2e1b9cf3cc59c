from contacts.models import Organisation
from newsroom.sitemaps import TranslatedSitemap


class OrganisationSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        # Only organisations on the public record, or listed by an editor, have a public page.
        return Organisation.objects.listed().order_by("slug")
