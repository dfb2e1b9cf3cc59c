from django import template
from django.utils.translation import get_language

from alerts.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("alerts/signup_form.html")
def alerts_signup_form(organisation=None, topic=None, organisations=None, topics=None, language=None):
    """The sign-up form. On an organisation's or a topic's page it offers that one (chosen) or
    everything, and links to the full choice: listing every organisation and topic there would
    cost the page two queries and a long sidebar.

    A page that has already fetched the publishers and topics passes them (or its feed groups,
    whose `subject` they are) as `organisations` and `topics`, and the form lists those instead
    of asking the database again. `language` is the one chosen (the page's by default).
    """
    initial = {"language": language or get_language(), "everything": organisation is None and topic is None}
    form = SubscribeForm(initial=initial)
    for name, given in (("organisations", organisations), ("topics", topics)):
        if given is not None:
            subjects = [getattr(item, "subject", item) for item in given]
            form.fields[name].choices = [(subject.pk, str(subject)) for subject in subjects]
    return {"form": form, "organisation": organisation, "topic": topic}
