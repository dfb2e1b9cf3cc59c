"""Feed URLs, under /<language>/<feeds>/ with translated path words, like every public URL."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from releases.feeds import FORMATS, AllReleasesFeed, HeadlinesFeed, OrganisationFeed, TopicFeed

app_name = "feeds"
urlpatterns = []
for feed_format in FORMATS:
    urlpatterns += [
        path(f"{feed_format}/", AllReleasesFeed(feed_format), name=f"all_{feed_format}"),
        path(
            format_lazy("{}{}/", _("headlines/"), feed_format),
            HeadlinesFeed(feed_format),
            name=f"headlines_{feed_format}",
        ),
        path(
            format_lazy("{}<slug:slug>/{}/", _("organisations/"), feed_format),
            OrganisationFeed(feed_format),
            name=f"organisation_{feed_format}",
        ),
        path(
            format_lazy("{}<slug:slug>/{}/", _("topics/"), feed_format),
            TopicFeed(feed_format),
            name=f"topic_{feed_format}",
        ),
    ]
