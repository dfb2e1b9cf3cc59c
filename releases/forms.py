from django import forms
from django.utils.translation import gettext_lazy as _

from releases.models.queries import period
from releases.search import query_text

# Shown after "This filter was ignored:".
UNKNOWN_CHOICE = {"invalid_choice": _("there is nothing to filter by under “%(value)s”.")}


class RowChoiceField(forms.ChoiceField):
    """A choice among rows the view has fetched, by slug. A value given is checked against the
    slugs alone: ChoiceField checks it against the choices, and naming 45 organisations to check
    one (each name with its acronym, read in the page's language) cost about 0.8 ms of every page
    filtered by an organisation."""

    slugs = frozenset()

    def valid_value(self, value):
        return value in self.slugs


class ReleaseFilterForm(forms.Form):
    """The filters of a release list, read from plain GET parameters so a filtered list can be shared.

    Choices come from lists the view has already fetched (organisations and topics with
    published releases, years with releases), so checking a value costs no query. A value that
    is not a choice is reported and ignored; the other filters still apply.
    """

    organisation = RowChoiceField(label=_("Organisation"), required=False, error_messages=UNKNOWN_CHOICE)
    topic = RowChoiceField(label=_("Topic"), required=False, error_messages=UNKNOWN_CHOICE)
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, error_messages=UNKNOWN_CHOICE
    )

    def __init__(self, data, *, organisations, topics, years, fixed=()):
        super().__init__(data)
        self.organisations = {organisation.slug: organisation for organisation in organisations}
        self.topics = {topic.slug: topic for topic in topics}
        # Choices made when read: a page renders them once for the generation (its filters are a
        # fragment), and checks a value given against the slugs (RowChoiceField); naming 45
        # organisations, each with its acronym, cost half a millisecond of every list and search page.
        self.fields["organisation"].choices = lambda: [
            ("", _("All organisations")),
            *((organisation.slug, organisation.display_name) for organisation in organisations),
        ]
        self.fields["topic"].choices = lambda: [("", _("All topics")), *((topic.slug, topic.name) for topic in topics)]
        self.fields["year"].choices = lambda: [("", _("All years")), *((year, year) for year in years)]
        self.fields["organisation"].slugs = self.organisations.keys()
        self.fields["topic"].slugs = self.topics.keys()
        # Filters a page takes from its URL (the topic of a topic page) are not offered again.
        for name in fixed:
            del self.fields[name]

    @property
    def values(self):
        """The valid filters given, as {name: value}."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    @property
    def selected_organisation(self):
        return self.organisations.get(self.values.get("organisation"))

    @property
    def selected_topic(self):
        return self.topics.get(self.values.get("topic"))

    def index_entries(self):
        """The public index's entries (releases/models/listings.py) of the organisation chosen, or
        else of the topic, in the year chosen; None where neither is: what a search narrowed by
        them walks newest first (releases/search/pages.py)."""
        if self.selected_organisation is not None:
            entries = self.selected_organisation.record_entries.issued()
        elif self.selected_topic is not None:
            entries = self.selected_topic.record_entries.all()
        else:
            return None
        if self.values.get("year"):
            start, end = period(self.values["year"])
            entries = entries.filter(public_from__gte=start, public_from__lt=end)
        return entries

    def filter(self, releases, narrowed=None):
        """`releases` narrowed by the filters given. `narrowed(releases, organisation, topic)`, where
        given, narrows them by organisation and topic instead of the link tables (search on
        PostgreSQL: releases/search/postgresql.py)."""
        if narrowed is not None:
            releases = narrowed(releases, self.selected_organisation, self.selected_topic)
        else:
            # By the chosen rows' ids, not their slugs: the database then reads the link tables
            # alone, and plans with what it knows of each organisation's and topic's share of the
            # releases (at 100,000 releases, a filtered search's count 10-12 ms by slug, 5 by id;
            # its page 2-5 ms less).
            if self.selected_organisation is not None:
                releases = releases.filter(issuing_organisations=self.selected_organisation.pk)
            if self.selected_topic is not None:
                releases = releases.filter(topics=self.selected_topic.pk)
        if self.values.get("year"):
            releases = releases.published_in(self.values["year"])
        return releases


class SearchForm(ReleaseFilterForm):
    q = forms.CharField(label=_("Search releases"), required=False, strip=True)

    field_order = ["q", "organisation", "topic", "year"]
    shortened = False

    def clean_q(self):
        # Longer queries are cut rather than refused: the visitor still gets results, and a note.
        query, self.shortened = query_text(self.cleaned_data["q"])
        return query


class FollowForm(forms.Form):
    """The subscribe page's three choices, as GET parameters so the answer is a plain link:
    the language, the format (a feed, or email alerts) and what to follow.

    `subject` is "all", "headlines", "organisation:<slug>" or "topic:<slug>", among the
    organisations and topics the view has fetched. The headlines feed (each release's headline
    and summary) is a feed only: email alerts already carry the headline and summary.
    """

    EMAIL = "email"

    language = forms.ChoiceField(label=_("Language"), widget=forms.RadioSelect)
    format = forms.ChoiceField(label=_("How"), widget=forms.RadioSelect)
    subject = forms.ChoiceField(label=_("What to follow"))

    def __init__(self, data, *, languages, feed_formats, organisations, topics, initial=None):
        super().__init__(data, initial=initial)
        self.organisations = {organisation.slug: organisation for organisation in organisations}
        self.topics = {topic.slug: topic for topic in topics}
        self.fields["language"].choices = languages
        self.fields["format"].choices = [
            *(
                (name, _("%(format)s feed") % {"format": feed_format.label})
                for name, feed_format in feed_formats.items()
            ),
            (self.EMAIL, _("Email alerts")),
        ]
        choices = [("all", _("Every release")), ("headlines", _("Headlines only: each release's headline and summary"))]
        if organisations:
            choices.append((_("An organisation"), [(f"organisation:{o.slug}", o.display_name) for o in organisations]))
        if topics:
            choices.append((_("A topic"), [(f"topic:{topic.slug}", topic.name) for topic in topics]))
        self.fields["subject"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subject") == "headlines" and cleaned.get("format") == self.EMAIL:
            self.add_error(
                "subject",
                _("headlines come as a feed only; for email alerts, choose every release, an organisation or a topic."),
            )
        return cleaned

    def chosen_subject(self):
        """("all" | "headlines" | "organisation" | "topic", the organisation or topic or None) of a valid form."""
        kind, _colon, slug = self.cleaned_data["subject"].partition(":")
        if kind == "headlines":
            return kind, None
        if kind == "organisation":
            return kind, self.organisations[slug]
        if kind == "topic":
            return kind, self.topics[slug]
        return "all", None
