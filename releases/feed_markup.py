"""The markup of the release feeds: Django's RSS 2.0 and Atom 1.0 generators, plus what they
leave out (the full release, every co-signing organisation, each item's language, times in the
newsroom's zone). What goes into the feeds: releases/feeds.py."""

from django.utils import feedgenerator, timezone

CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DUBLIN_CORE_NAMESPACE = "http://purl.org/dc/elements/1.1/"


def feed_time(moment):
    """A moment as feeds give it: in the newsroom's time zone (its offset shown), whole seconds."""
    return timezone.localtime(moment).replace(microsecond=0)


class ReleaseRssGenerator(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 plus what Django's generator leaves out: the full release in content:encoded,
    every co-signing organisation as dc:creator, and each item's language."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NAMESPACE, "xmlns:dc": DUBLIN_CORE_NAMESPACE}

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["content"]:
            handler.addQuickElement("content:encoded", item["content"])

    def latest_post_date(self):
        # lastBuildDate in the newsroom's time zone, like the items (Django falls back to UTC).
        return feed_time(super().latest_post_date())


class ReleaseAtomGenerator(feedgenerator.Atom1Feed):
    """Atom 1.0 plus the full release in <content>, one <author> per co-signing organisation,
    and each entry's language."""

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        if item["content"]:
            handler.addQuickElement("content", item["content"], {"type": "html"})

    def latest_post_date(self):
        return feed_time(super().latest_post_date())
