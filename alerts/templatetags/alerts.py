from django import template
from django.utils.translation import get_language

from alerts.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("alerts/signup_form.html")
def alerts_signup_form(organisation=None, topic=None):
    """The sign-up form. On an organisation's or a topic's page it offers that one (chosen) or
    everything, and links to the full choice: listing every organisation and topic there would
    cost the page two queries and a long sidebar."""
    initial = {"language": get_language(), "everything": organisation is None and topic is None}
    return {"form": SubscribeForm(initial=initial), "organisation": organisation, "topic": topic}
