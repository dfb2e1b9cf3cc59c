from django.urls import reverse

from newsroom.sitemaps import TranslatedSitemap
from releases.models import Release, Topic


class ReleaseSitemap(TranslatedSitemap):
    """Every published release, in each language it is written in, each naming the others."""

    changefreq = "never"
    priority = 0.8

    def items(self):
        return Release.objects.published()

    def get_languages_for_item(self, release):
        # An English URL of an untranslated release shows the Spanish text: not a page of its own.
        return release.languages

    def lastmod(self, release):
        return release.updated_at


class TopicSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        # Every topic page there is: those the public may see named (issue 10).
        return Topic.objects.listed().order_by("slug")


class PageSitemap(TranslatedSitemap):
    """The site's fixed pages, by URL name."""

    changefreq = "daily"
    priority = 0.5

    def items(self):
        return [
            "releases:home",
            "releases:list",
            "topics:list",
            "contacts:organisation_list",
            "contacts:press_contacts",
        ]

    def location(self, name):
        return reverse(name)
