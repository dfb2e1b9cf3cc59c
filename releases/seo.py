"""What search engines and link previews read about a release (schema.org NewsArticle)."""

from django.utils import timezone
from django.utils.translation import get_language

from newsroom import renditions

# Google shows at most this many characters of a headline.
HEADLINE_LENGTH = 110


def organisation_data(organisation, request):
    data = {"@type": "Organization", "name": organisation.name}
    url = organisation.website or request.build_absolute_uri(organisation.get_absolute_url())
    data["url"] = url
    if organisation.logo:
        data["logo"] = request.build_absolute_uri(organisation.logo.url)
    return data


def shared_image_url(release):
    """The featured image as link previews and search engines get it: its largest rendition (no
    metadata, a size they accept), at the newsroom's own stable URL."""
    if not release.featured_image:
        return ""
    return renditions.largest_url(release.featured_image, release.featured_image_width)


def news_article(release, url, request):
    """The release as a schema.org NewsArticle, a plain dict for the page to serialise as JSON-LD.

    Reads only what `with_page_related()` prefetched.
    """
    issuing = [organisation_data(row.organisation, request) for row in release.issuing_organisation_rows.all()]
    moment = release.published_at or release.created_at or timezone.now()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "url": url,
        "headline": release.title[:HEADLINE_LENGTH],
        "description": " ".join(release.summary_points),
        "datePublished": timezone.localtime(moment).isoformat(),
        "dateModified": timezone.localtime(release.public_updated_at or moment).isoformat(),
        "inLanguage": release.content_language(get_language()),
        "author": issuing,
        "publisher": issuing[0] if issuing else None,
        "about": [topic.name for topic in release.topics.all()],
    }
    if release.dateline_place:
        data["locationCreated"] = {"@type": "Place", "name": release.dateline_place}
    if release.featured_image:
        data["image"] = [request.build_absolute_uri(shared_image_url(release))]
    return {key: value for key, value in data.items() if value not in (None, "", [])}
