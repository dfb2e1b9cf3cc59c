"""The markup of the release feeds: Django's RSS 2.0 and Atom 1.0 generators, plus what they
leave out (the full release, every co-signing organisation, each item's language, times in the
newsroom's zone). What goes into the feeds: releases/feeds.py.

Each item's markup is made once and kept (releases/feed_items.py): a feed is written as its head,
the items' markup as it was made, and its tail."""

import io
import re
from xml.sax.saxutils import XMLGenerator

from django.utils import feedgenerator, timezone
from django.utils.xmlutils import SimplerXMLGenerator

CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DUBLIN_CORE_NAMESPACE = "http://purl.org/dc/elements/1.1/"


def feed_time(moment):
    """A moment as feeds give it: in the newsroom's time zone (its offset shown), whole seconds."""
    return timezone.localtime(moment).replace(microsecond=0)


# What XML 1.0 cannot carry at all (Django's generator refuses the whole feed when one turns up).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")


class ItemXMLGenerator(SimplerXMLGenerator):
    """Leaves out control characters: a title pasted with one must not take the feed down."""

    def characters(self, content):
        # Once they are left out, SimplerXMLGenerator's own search for them (to refuse) is a second scan of the text.
        XMLGenerator.characters(self, CONTROL_CHARACTERS.sub("", content) if content else content)


class KeptItems:
    """Writes the items from their markup (`items_markup`, in order) instead of from `items`, which
    hold only the items whose markup is yet to be made (`item_markup`). The feed's own date
    (lastBuildDate, <updated>) is its newest item's, `latest_change`, given from its rows."""

    item_element = None
    items_markup = ()
    latest_change = None

    def item_markup(self, item):
        """One item's finished markup, escaped as the generator escapes it (what write_items writes)."""
        out = io.StringIO()
        handler = ItemXMLGenerator(out, "utf-8", short_empty_elements=True)
        handler.startElement(self.item_element, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.item_element)
        return out.getvalue()

    def write_items(self, handler):
        for markup in self.items_markup:
            # ignorableWhitespace() writes its text as it is: the markup was escaped when it was made.
            handler.ignorableWhitespace(markup)

    def latest_post_date(self):
        # In the newsroom's time zone, like the items (Django falls back to now, in UTC).
        return feed_time(self.latest_change or super().latest_post_date())


class ReleaseRssGenerator(KeptItems, feedgenerator.Rss201rev2Feed):
    """RSS 2.0 plus what Django's generator leaves out: the full release in content:encoded,
    every co-signing organisation as dc:creator, and each item's language."""

    item_element = "item"

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


class ReleaseAtomGenerator(KeptItems, feedgenerator.Atom1Feed):
    """Atom 1.0 plus the full release in <content>, one <author> per co-signing organisation,
    and each entry's language."""

    item_element = "entry"

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
