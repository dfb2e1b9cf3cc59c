from django import template

from releases.feed_discovery import feed_links

register = template.Library()


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_discovery(context, organisation=None, topic=None, headlines=False):
    """`<link rel="alternate">` for the feeds a page offers: `{% feed_discovery topic=topic %}`.

    base.html calls it in its `feed_links` block with no argument (the newsroom's feeds); a page
    about an organisation or a topic overrides the block to offer that feed first, and the
    subscribe page to offer the headlines feed too (`headlines=True`).
    """
    links = feed_links(organisation=organisation, topic=topic, headlines=headlines, request=context.get("request"))
    return {"feed_links": links}


@register.inclusion_tag("includes/follow_links.html", takes_context=True)
def follow_links(context, organisation=None, topic=None):
    """Visible links to an organisation's or a topic's feeds, in this page's language, and to
    the subscribe page with that subject chosen: `{% follow_links topic=topic %}`."""
    links = feed_links(organisation=organisation, topic=topic, request=context.get("request"))
    subject = f"organisation:{organisation.slug}" if organisation is not None else f"topic:{topic.slug}"
    return {"feeds": links[: len(links) // 2], "subject": subject}
