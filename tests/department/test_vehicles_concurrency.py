"""D9 under concurrent requests: two travellers book the same car for overlapping days at the
same moment; the car's row lock lets one through and the other is 409 (also on PostgreSQL)."""

from __future__ import annotations

import pytest
from helpers import client_for, run_together
from vehicles_support import car, trip

from fieldsales.department.vehicles.models import VehicleBooking

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_overlapping_bookings_at_once_make_one(api, cast):
    vehicle = car(api)
    trips = {"sales1": trip(cast["sales1"], 10), "sales2": trip(cast["sales2"], 11)}

    def post(name):
        def call():
            return client_for(cast[name]).post(
                "/api/vehicle-bookings/",
                {"trip": trips[name].pk, "vehicle": vehicle["id"]},
                format="json",
            )

        return call

    answers = run_together([post("sales1"), post("sales2")])

    assert sorted(r.status_code for r in answers) == [201, 409]
    refused = next(r for r in answers if r.status_code == 409)
    assert "D9" in refused.json()["detail"]
    assert VehicleBooking.objects.count() == 1


def test_two_approvals_at_once_approve_once(api, cast):
    vehicle = car(api)
    made = client_for(cast["sales1"]).post(
        "/api/vehicle-bookings/",
        {"trip": trip(cast["sales1"], 10).pk, "vehicle": vehicle["id"]},
        format="json",
    )
    path = f"/api/vehicle-bookings/{made.json()['id']}/approve/"

    def approve():
        return client_for(cast["head"]).post(path)

    answers = run_together([approve, approve])

    assert sorted(r.status_code for r in answers) == [200, 409]
