"""A page's row fields (core.numbers) refuse an id that is not ASCII digits within a database
integer as an invalid choice: the form comes back with the field's error, never a 500 (SQLite
raises OverflowError for an integer beyond 64 bits instead of finding no row)."""

from __future__ import annotations

import pytest
from django import forms

from fieldsales.core.numbers import ModelChoiceField, ModelMultipleChoiceField
from fieldsales.crm.models import Customer

pytestmark = pytest.mark.django_db

FORGED = ["99999999999999999999", "-99999999999999999999", "１２", "1e3", "abc", "1 OR 1=1"]


class RowsForm(forms.Form):
    one = ModelChoiceField(queryset=Customer.objects.all(), required=False)
    many = ModelMultipleChoiceField(queryset=Customer.objects.all(), required=False)


@pytest.mark.parametrize("forged", FORGED)
def test_a_forged_id_is_an_invalid_choice(forged):
    form = RowsForm({"one": forged, "many": [forged]})
    assert not form.is_valid()
    assert set(form.errors) == {"one", "many"}


def test_an_id_within_the_range_that_names_no_row_is_also_refused():
    big = str(2**63 - 1)
    form = RowsForm({"one": big, "many": [big]})
    assert not form.is_valid() and set(form.errors) == {"one", "many"}


def test_a_real_id_is_the_row(cast):
    customer = Customer.objects.order_by("pk").first()
    form = RowsForm({"one": str(customer.pk), "many": [str(customer.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == customer and list(form.cleaned_data["many"]) == [customer]
