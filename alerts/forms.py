from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alerts.models import Subscription
from contacts.models import Organisation
from releases.models import Topic


def _hour_choices():
    return [(hour, f"{hour:02d}:00") for hour in range(24)]


class AlertChoicesForm(forms.Form):
    """What a subscriber follows and how: the sign-up form and the manage page share it."""

    everything = forms.BooleanField(label=_("All releases"), required=False)
    # Choices are those the public may see named (issue 10), as of each form: see __init__.
    organisations = forms.ModelMultipleChoiceField(
        label=_("Releases from these organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Releases on these topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, widget=forms.RadioSelect)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.EACH,
        widget=forms.RadioSelect,
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Hour of the daily digest"),
        choices=_hour_choices,
        coerce=int,
        initial=8,
    )

    def __init__(self, *args, **kwargs):
        # Its ids must not collide with those of other forms on the page (search, filters).
        kwargs.setdefault("auto_id", "alerts-%s")
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.publishers().listed()
        self.fields["topics"].queryset = Topic.objects.listed()
        zone = {"zone": settings.TIME_ZONE}
        self.fields["digest_hour"].help_text = gettext("In the newsroom’s time zone (%(zone)s).") % zone

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("everything") or cleaned.get("organisations") or cleaned.get("topics")):
            raise forms.ValidationError(
                _("Choose all releases, or at least one organisation or topic."), code="nothing_chosen"
            )
        return cleaned


class SubscribeForm(AlertChoicesForm):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    # A trap for robots: hidden from people (and screen readers), so whoever fills it is not one.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    field_order = ["email", "everything", "organisations", "topics", "language", "frequency", "digest_hour"]

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    @property
    def is_robot(self):
        return bool(self.cleaned_data.get("website"))
