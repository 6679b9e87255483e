"""D9 usage log: odometer out and in (in below out is 400), fuel in litres and yuan as
decimal strings, the driver, when the car came back; only on an approved booking."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from vehicles_support import booked, car, trip

from fieldsales.department.vehicles.models import VehicleUsage

USAGE = {
    "odometer_out": 48210,
    "odometer_in": 48596,
    "fuel_litres": "32.50",
    "fuel_cost": "258.70",
}


def _approved_booking(api, cast) -> dict:
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], -5).pk, vehicle["id"])
    api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")
    return body


def test_the_traveller_logs_the_usage(api, cast):
    body = _approved_booking(api, cast)
    back = (timezone.now() - timedelta(days=3)).isoformat()

    answer = api("sales1").post(
        f"/api/vehicle-bookings/{body['id']}/usage/", USAGE | {"returned_at": back}, format="json"
    )

    assert answer.status_code == 200, answer.json()
    usage = answer.json()["usage"]
    assert (usage["distance"], usage["fuel_litres"], usage["fuel_cost"]) == (386, "32.50", "258.70")
    assert usage["driver"]["id"] == cast["sales1"].pk


def test_odometer_in_below_out_is_400_naming_d9(api, cast):
    body = _approved_booking(api, cast)

    answer = api("sales1").post(
        f"/api/vehicle-bookings/{body['id']}/usage/",
        USAGE | {"odometer_in": 48000},
        format="json",
    )

    assert answer.status_code == 400
    assert "D9" in answer.json()["odometer_in"][0]
    assert not VehicleUsage.objects.exists()


def test_fuel_as_a_json_number_is_400(api, cast):
    body = _approved_booking(api, cast)

    answer = api("sales1").post(
        f"/api/vehicle-bookings/{body['id']}/usage/", USAGE | {"fuel_cost": 258.7}, format="json"
    )

    assert answer.status_code == 400
    assert "fuel_cost" in answer.json()


def test_the_driver_must_belong_to_the_trip_or_the_department(api, cast):
    body = _approved_booking(api, cast)

    other = api("sales1").post(
        f"/api/vehicle-bookings/{body['id']}/usage/",
        USAGE | {"driver": cast["finance"].pk},
        format="json",
    )
    colleague = api("head").post(
        f"/api/vehicle-bookings/{body['id']}/usage/",
        USAGE | {"driver": cast["sales2"].pk},
        format="json",
    )

    assert other.status_code == 400 and "driver" in other.json()
    assert colleague.status_code == 200
    assert colleague.json()["usage"]["driver"]["id"] == cast["sales2"].pk


def test_a_return_in_the_future_is_400(api, cast):
    body = _approved_booking(api, cast)
    later = (timezone.now() + timedelta(days=2)).isoformat()

    answer = api("sales1").post(
        f"/api/vehicle-bookings/{body['id']}/usage/", USAGE | {"returned_at": later}, format="json"
    )

    assert answer.status_code == 400 and "returned_at" in answer.json()


def test_a_requested_booking_has_no_usage_log_yet(api, cast):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])

    answer = api("sales1").post(f"/api/vehicle-bookings/{body['id']}/usage/", USAGE, format="json")

    assert answer.status_code == 409


def test_others_may_not_log_and_a_driven_booking_is_not_cancelled(api, cast):
    body = _approved_booking(api, cast)
    path = f"/api/vehicle-bookings/{body['id']}/"

    by_gm = api("gm").post(f"{path}usage/", USAGE, format="json")
    api("sales1").post(f"{path}usage/", USAGE, format="json")
    cancel = api("sales1").post(f"{path}cancel/")

    assert by_gm.status_code == 403
    assert cancel.status_code == 409
