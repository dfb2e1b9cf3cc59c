"""Admin inlines whose rows keep the order editors give them.

Ordered rows (reference links, media contacts, issuing organisations, social links) have a `position`
that is unique per parent. Editors see an “Order” column (1, 2, 3 …) instead of raw
positions; rows are saved in that order (ties and blanks keep their place on the page) and
renumbered 0, 1, 2 … Existing rows are first parked out of the way, so swapping two rows
never trips the unique constraint halfway through the save.
"""

from django import forms
from django.db import transaction
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

PARKING_OFFSET = 1_000_000


class OrderedInlineForm(forms.ModelForm):
    order = forms.IntegerField(
        label=_("Order"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"style": "width: 4em"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["order"].initial = self.instance.position + 1


class OrderedInlineFormSet(BaseInlineFormSet):
    def kept_forms_in_order(self):
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if form not in self.deleted_forms and (form.instance.pk or form.has_changed())
        ]

        def sort_key(item):
            index, form = item
            order = form.cleaned_data.get("order")
            return (order is None, order or 0, index)

        return [form for _index, form in sorted(kept, key=sort_key)]

    def save(self, commit=True):
        ordered = self.kept_forms_in_order()
        for position, form in enumerate(ordered):
            form.instance.position = position
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            siblings = self.model._default_manager.filter(**{self.fk.name: self.instance})
            siblings.update(position=F("position") + PARKING_OFFSET)
            saved = super().save(commit=True)
            # The formset saves only rows whose form changed; put the others in place here.
            for form in ordered:
                if form.instance.pk and not form.has_changed():
                    siblings.filter(pk=form.instance.pk).update(position=form.instance.position)
            return saved


class OrderedInlineMixin:
    """For an InlineModelAdmin of a model with a `position` field."""

    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    exclude = ("position",)
