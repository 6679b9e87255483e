"""Double clicks and two approvers at once: exactly one effect, on real parallel connections."""

from __future__ import annotations

from decimal import Decimal

import pytest
from factories import AdvanceFactory, TripFactory
from helpers import client_for, run_together

from fieldsales.core.models import AuditEvent
from fieldsales.trips.models import Advance

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def approved_advance(cast, api):
    """sales1's approved trip and an advance of 300 requested on it (each test decides it)."""
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    advance = AdvanceFactory(trip=trip, amount=Decimal("300.00"))
    return trip.pk, advance.pk


def test_double_click_on_pay_pays_once(cast, api, approved_advance):
    _trip, advance = approved_advance
    api("finance").post(f"/api/advances/{advance}/approve/")
    api("gm").post(f"/api/advances/{advance}/approve/")
    finance = cast["finance"]
    codes = run_together(
        [
            lambda: client_for(finance).post(f"/api/advances/{advance}/pay/").status_code
            for _ in range(2)
        ]
    )
    assert sorted(codes) == [200, 409]
    assert Advance.objects.get(pk=advance).status == "paid"
    assert AuditEvent.objects.filter(object_id=advance, action="pay").count() == 1


def test_double_click_on_approve_approves_once(cast, api, approved_advance):
    _trip, advance = approved_advance
    finance = cast["finance"]
    codes = run_together(
        [
            lambda: client_for(finance).post(f"/api/advances/{advance}/approve/").status_code
            for _ in range(2)
        ]
    )
    assert sorted(codes) == [200, 409]
    assert Advance.objects.get(pk=advance).approvals().count() == 1


def test_two_advance_requests_at_once_open_one(cast, api, approved_advance):
    trip, advance = approved_advance
    api("sales1").post(f"/api/advances/{advance}/cancel/")
    sales1 = cast["sales1"]
    codes = run_together(
        [
            lambda: (
                client_for(sales1)
                .post("/api/advances/", {"trip": trip, "amount": "100.00"}, format="json")
                .status_code
            )
            for _ in range(2)
        ]
    )
    assert sorted(codes) == [201, 400]
    assert Advance.objects.filter(traveller=sales1, status="submitted").count() == 1
