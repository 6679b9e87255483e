"""The vehicles services called by name (style.md: every service has a test): the fleet kept
by the manager, a booking's life, the usage log, who may drive."""

from __future__ import annotations

from decimal import Decimal

import pytest
from vehicles_support import trip

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.department.vehicles.services import (
    booking_cancel,
    booking_decide,
    booking_request,
    driver_choices,
    usage_record,
    vehicle_create,
    vehicle_update,
)


@pytest.fixture
def vehicle(cast, sales_department):
    return vehicle_create(
        actor=cast["head"],
        department_id=sales_department.pk,
        data={"plate": "浙a·s0001", "model": "别克 GL8", "seats": 7},
    )


def test_vehicle_create_keeps_the_plate_in_capitals(vehicle):
    assert (vehicle.plate, vehicle.seats, vehicle.status) == ("浙A·S0001", 7, "available")


def test_vehicle_create_by_a_salesperson_is_forbidden(cast, sales_department):
    with pytest.raises(Forbidden):
        vehicle_create(
            actor=cast["sales1"],
            department_id=sales_department.pk,
            data={"plate": "浙A·S9", "model": "x", "seats": 5},
        )


def test_vehicle_update_sets_the_status(cast, vehicle):
    updated = vehicle_update(vehicle=vehicle, actor=cast["head"], data={"status": "in_service"})

    assert updated.status == "in_service"
    with pytest.raises(RuleBroken):
        vehicle_update(vehicle=vehicle, actor=cast["head"], data={"status": "flying"})


def test_a_booking_from_request_to_usage(cast, vehicle):
    mine = trip(cast["sales1"], -4)

    booking = booking_request(actor=cast["sales1"], trip=mine, vehicle=vehicle, note="送样品")
    booking = booking_decide(booking=booking, actor=cast["head"], action="approve")
    usage = usage_record(
        booking=booking,
        actor=cast["sales1"],
        data={
            "odometer_out": 100,
            "odometer_in": 250,
            "fuel_litres": Decimal("12.00"),
            "fuel_cost": Decimal("95.40"),
        },
    )

    assert booking.status == "approved"
    assert usage.distance == 150
    assert usage.fuel_cost == Decimal("95.40")


def test_booking_request_for_overlapping_days_is_invalid(cast, vehicle):
    booking_request(actor=cast["sales1"], trip=trip(cast["sales1"], 10), vehicle=vehicle)

    with pytest.raises(InvalidTransition) as refused:
        booking_request(actor=cast["sales2"], trip=trip(cast["sales2"], 10), vehicle=vehicle)

    assert "D9" in refused.value.message


def test_booking_decide_by_the_requester_is_forbidden(cast, vehicle):
    booking = booking_request(actor=cast["sales1"], trip=trip(cast["sales1"], 10), vehicle=vehicle)

    with pytest.raises(Forbidden):
        booking_decide(booking=booking, actor=cast["sales1"], action="approve")


def test_booking_cancel_by_a_colleague_is_forbidden(cast, vehicle):
    booking = booking_request(actor=cast["sales1"], trip=trip(cast["sales1"], 10), vehicle=vehicle)

    with pytest.raises(Forbidden):
        booking_cancel(booking=booking, actor=cast["sales2"])
    assert booking_cancel(booking=booking, actor=cast["sales1"]).status == "cancelled"


def test_usage_record_refuses_odometer_in_below_out(cast, vehicle):
    booking = booking_request(actor=cast["sales1"], trip=trip(cast["sales1"], -4), vehicle=vehicle)
    booking = booking_decide(booking=booking, actor=cast["head"], action="approve")

    with pytest.raises(RuleBroken) as refused:
        usage_record(
            booking=booking, actor=cast["sales1"], data={"odometer_out": 10, "odometer_in": 9}
        )

    assert refused.value.field == "odometer_in"


def test_driver_choices_are_the_department_and_the_trip(cast, vehicle):
    booking = booking_request(actor=cast["sales1"], trip=trip(cast["sales1"], 10), vehicle=vehicle)

    names = set(driver_choices(booking).values_list("username", flat=True))

    assert {"sales1", "sales2", "head"} <= names
    assert "finance" not in names
