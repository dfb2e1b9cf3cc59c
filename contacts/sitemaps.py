from django.contrib.sitemaps import Sitemap

from contacts.models import Organisation


class OrganisationSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Organisation.objects.order_by("slug")
