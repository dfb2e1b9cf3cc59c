from django.contrib.sitemaps import Sitemap


class TranslatedSitemap(Sitemap):
    """A sitemap listing each page in every language, each naming the others as alternates.

    No x_default: Django writes it as the URL without a language prefix, which this site
    (every page under /es/ or /en/) does not have.
    """

    i18n = True
    alternates = True
