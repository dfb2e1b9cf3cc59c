from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.generic import ListView

from contacts.models import Organisation
from releases.feeds import FEED_SIZE, feed_group
from releases.models import Release, Topic


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
    """The release at `slug` if this visitor may see it: the public sees published releases,
    staff who can change releases also see drafts (a preview at the real URL)."""
    releases = Release.objects.with_page_related()
    if not request.user.has_perm("releases.change_release"):
        releases = releases.published()
    return get_object_or_404(releases, slug=slug)


def release_detail(request, year, month, slug):
    release = get_release_or_404(request, slug)
    if request.path != release.get_absolute_url():
        # The date in the URL changed (rescheduled) or was mistyped: send to the one true URL.
        return redirect(release, permanent=release.is_published)
    response = render(request, "releases/release_detail.html", {"release": release})
    if not release.is_published:
        add_never_cache_headers(response)
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
