"""Issue 7, item 1, as a property (hypothesis): nothing a claimant may send raises any line's
reimbursed amount above what the engine computes from the facts a claimant may state.

Each generated claim is sent through the API by the traveller. An item carrying a field only
a reviewer states (`override`, `reviewer_note`, `head_consent`) is a 400 naming it and stores
nothing; any other claim is stored, and every line (the allowance included) reimburses at most
what the engine gives for the same items with those fields removed.
"""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_claim_reviewer_fields import approved_trip

from fieldsales.policy import evaluate, evaluation_as_dict, parse_claim
from fieldsales.policy.facts import KINDS, SEATS, TAXI_REASONS
from fieldsales.trips import selectors
from fieldsales.trips.models import REVIEWER_ITEM_FIELDS, Claim, Trip
from fieldsales.trips.policy_versions import policy_in_force

pytestmark = pytest.mark.django_db

amounts = st.decimals(min_value=0, max_value=Decimal("5000.00"), places=2).map(lambda d: f"{d:.2f}")
flags = st.booleans()
maybe = st.integers(0, 3).map(lambda n: n == 0)  # a field present about one time in four


@st.composite
def claimant_items(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for index in range(draw(st.integers(0, 6))):
        # Entertainment names an order, whose deal the claimant cannot state (S7.2): its own
        # tests are tests/sales/orders/test_orders_travel_policy.py.
        kind = draw(st.sampled_from(sorted(set(KINDS) - {"entertainment"})))
        entry: dict[str, Any] = {"id": f"i{index}", "kind": kind, "amount": draw(amounts)}
        entry["city"] = draw(st.sampled_from(["义乌市", "浦江县", "金华", "杭州市"]))
        entry["invoice"] = draw(flags)
        entry["record"] = draw(flags)
        entry["seat"] = draw(st.sampled_from(SEATS))
        entry["hours"] = draw(st.sampled_from([1, 10, 14.5]))
        entry["cabin"] = draw(st.sampled_from(["economy", "business"]))
        entry["standard_fare"] = draw(st.none() | amounts)
        entry["reason"] = draw(st.none() | st.sampled_from(sorted(TAXI_REASONS)))
        entry["from"], entry["to"], entry["note"] = "甲", "乙", "送样"
        entry = {k: v for k, v in entry.items() if v is not None}
        # What only a reviewer states, now and then, in every shape a client might send it
        if draw(maybe):
            entry["override"] = {"amount": draw(amounts), "by": "gm", "reason": "特批"}
        if draw(maybe):
            entry["head_consent"] = draw(flags)
        if draw(maybe):
            entry["reviewer_note"] = draw(st.sampled_from(["同意", ""]))
        out.append(entry)
    return out


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Each example on the same trip, as if it were the first claim on it."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def engine_on_claimant_facts(trip: Trip, claimant: Any, items: list[dict[str, Any]]):
    stated = [{k: v for k, v in i.items() if k not in REVIEWER_ITEM_FIELDS} for i in items]
    data = {
        "as_of": timezone.localdate().isoformat(),
        "trip": selectors.trip_input(trip=trip, claimant=claimant),
        "items": stated,
    }
    claim = parse_claim(data, today=timezone.localdate())
    result = evaluation_as_dict(evaluate(claim, policy_in_force(claim.trip.depart)), "zh")
    return {line["item"]: Decimal(line["reimbursed"]) for line in result["lines"]}


def test_nothing_a_claimant_sends_pays_more_than_their_own_facts(api, cast):
    trip = Trip.objects.get(pk=approved_trip(api))
    client = api("sales1")

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(items=claimant_items())
    def check(items: list[dict[str, Any]]) -> None:
        with rolled_back():
            body = {"trip": trip.pk, "items": items}
            response = client.post("/api/claims/", body, format="json")
            carrying = [
                f"items[{n}].{field}"
                for n, item in enumerate(items)
                for field in REVIEWER_ITEM_FIELDS
                if field in item
            ]
            if carrying:
                assert response.status_code == 400, response.data
                assert list(response.data) == [carrying[0]]
                assert not Claim.objects.exists()
                return
            assert response.status_code == 201, response.data
            ceiling = engine_on_claimant_facts(trip, cast["sales1"], items)
            for line in response.data["lines"]:
                assert Decimal(line["reimbursed"]) <= ceiling[line["item"]], line
            assert all(line["rule"] != "override" for line in response.data["lines"])

    check()
