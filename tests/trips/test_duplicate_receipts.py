"""The duplicate-receipt warning on a claim (issue 15): the same claimant's same receipt on
another claim, read from the indexed ClaimItemKey rows in one query."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import TAXI, ClaimFactory, TripFactory
from helpers import today

from fieldsales.trips import selectors, services
from fieldsales.trips.models import ClaimItemKey

pytestmark = pytest.mark.django_db


def ticket(day, item_id: str = "t1", amount: str = "73.50") -> dict:
    return {
        "id": item_id,
        "kind": "train",
        "amount": amount,
        "date": day.isoformat(),
        "hours": 1.2,
        "seat": "second_class",
        "invoice": True,
    }


def trip_of(traveller, depart):
    return TripFactory(
        traveller=traveller,
        depart=depart,
        return_date=depart + timedelta(days=1),
        status="approved",
    )


def test_a_colleague_with_the_same_fare_on_the_same_day_is_not_a_duplicate(cast):
    day = today() + timedelta(days=5)
    mine = ClaimFactory(trip=trip_of(cast["sales1"], day), items=[ticket(day)])
    ClaimFactory(trip=trip_of(cast["sales2"], day), items=[ticket(day)])
    assert selectors.duplicate_receipts(claim=mine) == []


def test_the_same_claimant_claiming_the_same_receipt_twice_is_warned(cast, client):
    day = today() + timedelta(days=5)
    first = ClaimFactory(trip=trip_of(cast["sales1"], day), items=[ticket(day)])
    later = day + timedelta(days=10)
    second = ClaimFactory(
        trip=trip_of(cast["sales1"], later),
        items=[ticket(later, "t9", "40.00"), ticket(day, "t2")],
    )
    [found] = selectors.duplicate_receipts(claim=second)
    assert (found["item"], found["claim"], found["other_item"]) == ("t2", first, "t1")
    [back] = selectors.duplicate_receipts(claim=first)
    assert (back["item"], back["claim"], back["other_item"]) == ("t1", second, "t2")
    client.force_login(cast["sales1"])
    page = client.get(f"/claims/{second.pk}/").content.decode()
    assert first.number in page


def test_an_edited_claim_is_matched_on_its_new_lines(cast):
    day = today() + timedelta(days=5)
    first = ClaimFactory(trip=trip_of(cast["sales1"], day), items=[ticket(day)])
    later = day + timedelta(days=10)
    second = ClaimFactory(trip=trip_of(cast["sales1"], later), items=[ticket(day)])
    assert len(selectors.duplicate_receipts(claim=second)) == 1
    services.claim_update(claim=second, actor=cast["sales1"], items=[ticket(later)])
    assert selectors.duplicate_receipts(claim=second) == []
    assert selectors.duplicate_receipts(claim=first) == []


def test_a_line_without_a_date_is_not_matched(cast):
    day = today() + timedelta(days=5)
    first = ClaimFactory(trip=trip_of(cast["sales1"], day), items=[dict(TAXI)])
    ClaimFactory(trip=trip_of(cast["sales1"], day + timedelta(days=10)), items=[dict(TAXI)])
    assert selectors.duplicate_receipts(claim=first) == []


def test_the_duplicate_check_is_one_query_however_many_claims_exist(cast):
    day = today() + timedelta(days=5)
    claim = ClaimFactory(trip=trip_of(cast["sales1"], day), items=[ticket(day)])
    for n in range(1, 6):
        later = day + timedelta(days=4 * n)
        ClaimFactory(trip=trip_of(cast["sales1"], later), items=[ticket(day, f"d{n}")])
        ClaimFactory(trip=trip_of(cast["sales2"], later), items=[ticket(day)])
    with CaptureQueriesContext(connection) as queries:
        found = selectors.duplicate_receipts(claim=claim)
    assert len(found) == 5
    assert len(queries.captured_queries) == 1


def test_the_migration_fills_the_keys_of_claims_already_stored(cast):
    day = today() + timedelta(days=5)
    claim = ClaimFactory(trip=trip_of(cast["sales1"], day), items=[ticket(day), dict(TAXI)])
    ClaimItemKey.objects.all().delete()
    migration = importlib.import_module(
        "fieldsales.trips.migrations.0014_perftrips_inbox_indexes_claim_item_keys"
    )
    migration.fill_claim_item_keys(apps, None)
    keys = list(ClaimItemKey.objects.values_list("claim_id", "item", "kind", "date"))
    assert keys == [(claim.pk, "t1", "train", day)]
