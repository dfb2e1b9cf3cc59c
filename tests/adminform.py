"""Turn an admin change page into the POST data a browser would send from it, so tests edit
exactly what an editor sees (hidden version included) and change only what they mean to."""

from django import forms
from django.utils import timezone


def _field_data(form, data):
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.SplitDateTimeField):
            if value and not isinstance(value, list):
                local = timezone.localtime(value)
                data[f"{key}_0"], data[f"{key}_1"] = local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")
            else:
                data[f"{key}_0"], data[f"{key}_1"] = (value or ["", ""])[:2]
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[key] = [str(pk) for pk in value or []]
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        elif hasattr(value, "pk"):
            data[key] = str(value.pk)
        else:
            data[key] = str(value)


def change_form_data(response, **changes):
    """POST data for the admin change (or add) page in `response`, with `changes` applied."""
    context = response.context
    data = {}
    _field_data(context["adminform"].form, data)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        _field_data(formset.management_form, data)
        for form in formset.forms:
            _field_data(form, data)
    data.update(changes)
    return data
