"""The demo's quotes: loaded through the services once a price list is in force, idempotent."""

from __future__ import annotations

import pytest

from fieldsales.demo import sales_quotes
from fieldsales.sales.models import PriceList, Quote

pytestmark = pytest.mark.django_db


def test_demo_quotes_in_several_states_and_idempotent(cast, catalogue):
    sales_quotes.load(cast)
    assert sorted(Quote.objects.values_list("status", flat=True)) == [
        "accepted",
        "draft",
        "rejected",
        "sent",
        "submitted",
    ]
    rejected = Quote.objects.get(status="rejected")
    assert rejected.approvals().get().comment
    sales_quotes.load(cast)
    assert Quote.objects.count() == 5


def test_demo_without_a_price_list_loads_nothing(cast):
    PriceList.objects.all().delete()  # the demo's own list, loaded with the cast
    sales_quotes.load(cast)
    assert not Quote.objects.exists()
