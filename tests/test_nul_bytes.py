"""A NUL character in a query parameter gives an ordinary page, on every database.

PostgreSQL cannot compare text containing NUL: before newsroom.security.NulBytesMiddleware, a
`%00` in the admin's search, autocomplete or list filters was a 500 there. The walk below
covers every registered admin list, each of its filters, and the autocomplete of every
autocomplete field, so a new admin page is covered as soon as it is registered. Runs on both
legs of `make test`.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import make_full_release

pytestmark = pytest.mark.django_db

NUL = "a\x00b"


@pytest.fixture
def client_with_content(admin_client):
    make_full_release()
    return admin_client


def filter_parameters(model_admin, request):
    """The query parameter names of each list filter of a changelist."""
    changelist = model_admin.get_changelist_instance(request)
    for list_filter in changelist.get_filters(request)[0]:
        yield from list_filter.expected_parameters()


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_nul_in_admin_search_and_filters_gives_a_page(client_with_content, admin_user, model):
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client_with_content.get(url, {"q": NUL})
    assert response.status_code == 200
    request = RequestFactory().get(url)
    request.user = admin_user
    for parameter in filter_parameters(model_admin, request):
        response = client_with_content.get(url, {parameter: NUL})
        # An impossible filter value sends the admin back to the list with ?e=1.
        assert response.status_code in (200, 302), (parameter, response.status_code)


def autocomplete_fields():
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            yield model, field_name
        for inline in model_admin.inlines:
            for field_name in inline.autocomplete_fields:
                yield inline.model, field_name


@pytest.mark.parametrize(("model", "field_name"), list(autocomplete_fields()), ids=str)
def test_nul_in_autocomplete_gives_results(client_with_content, model, field_name):
    response = client_with_content.get(
        reverse("admin:autocomplete"),
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field_name,
            "term": NUL,
        },
    )
    assert response.status_code == 200
    assert "results" in response.json()


def test_nul_in_public_search_gives_a_page(client):
    make_full_release()
    assert (
        client.get(reverse("releases:search"), {"q": NUL, "organisation": NUL, "topic": NUL, "year": NUL}).status_code
        == 200
    )
    assert client.get(reverse("releases:list"), {"organisation": NUL, "topic": NUL, "page": NUL}).status_code in (
        200,
        404,
    )
