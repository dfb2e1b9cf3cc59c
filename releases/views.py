from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.generic import ListView

from contacts.models import Organisation
from releases.feeds import FEED_SIZE, feed_group
from releases.models import PreviewLink, Release, Topic


class ReleaseListMixin:
    """Shared by every public list of releases: only published ones, newest first."""

    paginate_by = 20
    context_object_name = "releases"

    def get_queryset(self):
        return Release.objects.published().with_listing_related()


class ReleaseListView(ReleaseListMixin, ListView):
    template_name = "releases/release_list.html"


def home(request):
    return render(
        request,
        "releases/home.html",
        {
            "releases": Release.objects.published().with_listing_related()[:10],
            "publishers": Organisation.objects.publishers(),
        },
    )


def get_release_or_404(request, slug):
    """The release at `slug` if this visitor may see it: the public sees published releases and
    withdrawn ones that had been public (marked withdrawn); staff who can change releases also
    see drafts, scheduled and embargoed releases (a preview at the real URL)."""
    releases = Release.objects.with_page_related()
    if not request.user.has_perm("releases.change_release"):
        releases = releases.public_record()
    return get_object_or_404(releases, slug=slug)


def keep_private(response):
    """For pages only their viewer may see (staff previews, embargo preview links): never stored
    by a shared cache, never indexed."""
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def release_detail(request, year, month, slug):
    release = get_release_or_404(request, slug)
    if request.path != release.get_absolute_url():
        # The date in the URL changed (rescheduled) or was mistyped: send to the one true URL.
        return redirect(release, permanent=release.is_published)
    private = not release.is_on_public_record
    context = {"release": release, "staff_preview": private, "noindex": private}
    response = render(request, "releases/release_detail.html", context)
    return keep_private(response) if private else response


def release_preview(request, token):
    """An embargoed release through a journalist's secret link, marked with its embargo.

    Revoked or unknown links are not found; once the release is public the link leads to its
    public page; an expired link, or one whose release is no longer under embargo, is not found.
    """
    link = PreviewLink.objects.for_token(token)
    if link is None or link.revoked_at is not None:
        raise Http404
    if link.release.is_published:
        return redirect(link.release)
    if not link.shows_release:
        raise Http404
    release = Release.objects.with_page_related().get(pk=link.release_id)
    context = {"release": release, "preview_link": link, "noindex": True}
    response = keep_private(render(request, "releases/release_detail.html", context))
    # The token is in this page's URL: never send it on in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response


def subscribe(request):
    """Every feed, in each language and format, with addresses to copy into a feed reader."""
    return render(
        request,
        "releases/subscribe.html",
        {
            "everything": feed_group(request=request),
            "organisations": [
                feed_group(organisation=organisation, request=request)
                for organisation in Organisation.objects.publishers()
            ],
            "topics": [feed_group(topic=topic, request=request) for topic in Topic.objects.all()],
            "feed_size": FEED_SIZE,
        },
    )
