"""The vehicles API's shapes: input serializers (prefixed Vehicle* for the schema), and a
car's and a booking's body as plain dicts."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core.api import MAX_ID, MoneyField
from fieldsales.core.people import display_name
from fieldsales.core.workflow import available_actions
from fieldsales.core.workflow.present import approvals_of, current_step_of
from fieldsales.department.vehicles import selectors
from fieldsales.department.vehicles.models import Vehicle, VehicleBooking, VehicleStatus


class VehicleCreateSerializer(serializers.Serializer):
    department = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    plate = serializers.CharField(max_length=12)
    model = serializers.CharField(max_length=60)
    seats = serializers.IntegerField(min_value=1, max_value=60)
    status = serializers.ChoiceField(choices=VehicleStatus.choices, required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class VehicleUpdateSerializer(serializers.Serializer):
    plate = serializers.CharField(max_length=12, required=False)
    model = serializers.CharField(max_length=60, required=False)
    seats = serializers.IntegerField(min_value=1, max_value=60, required=False)
    status = serializers.ChoiceField(choices=VehicleStatus.choices, required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class VehicleBookingCreateSerializer(serializers.Serializer):
    trip = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    vehicle = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class VehicleDecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class LitresField(MoneyField):
    """Litres as a decimal string, like money (a JSON number is refused)."""

    default_error_messages = {
        "invalid": '加油量须为字符串形式的非负数，最多两位小数，例如 "35.50"',
    }


class VehicleUsageSerializer(serializers.Serializer):
    odometer_out = serializers.IntegerField(min_value=0, max_value=9_999_999)
    odometer_in = serializers.IntegerField(min_value=0, max_value=9_999_999)
    fuel_litres = LitresField(required=False)
    fuel_cost = MoneyField(required=False)
    driver = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    returned_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


def _person(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": display_name(user)}


def vehicle_body(vehicle: Vehicle) -> dict[str, Any]:
    return {
        "id": vehicle.pk,
        "plate": vehicle.plate,
        "model": vehicle.model,
        "seats": vehicle.seats,
        "status": vehicle.status,
        "status_label": str(vehicle.get_status_display()),
        "note": vehicle.note,
        "department": {"id": vehicle.department_id, "name": vehicle.department.name},
    }


def usage_body(booking: VehicleBooking) -> dict[str, Any] | None:
    usage = selectors.usage_of(booking)
    if usage is None:
        return None
    return {
        "odometer_out": usage.odometer_out,
        "odometer_in": usage.odometer_in,
        "distance": usage.distance,
        "fuel_litres": f"{usage.fuel_litres:.2f}",
        "fuel_cost": f"{usage.fuel_cost:.2f}",
        "driver": _person(usage.driver),
        "returned_at": usage.returned_at.isoformat() if usage.returned_at else None,
        "note": usage.note,
        "recorded_by": usage.recorded_by_id,
    }


def booking_body(booking: VehicleBooking, *, user: Any, full: bool = True) -> dict[str, Any]:
    """A booking as the API shows it; `full` adds the chain, decisions and usage log."""
    trip = booking.trip
    body: dict[str, Any] = {
        "id": booking.pk,
        "number": booking.number,
        "vehicle": {"id": booking.vehicle_id, "plate": booking.vehicle.plate},
        "trip": {
            "id": trip.pk,
            "number": trip.number,
            "status": trip.status,
            "vehicle": trip.vehicle or None,
        },
        "requester": _person(booking.requester),
        "start": booking.start.isoformat(),
        "end": booking.end.isoformat(),
        "note": booking.note,
        "status": booking.status,
        "status_label": str(booking.get_status_display()),
        "submitted_at": booking.submitted_at.isoformat() if booking.submitted_at else None,
        "approved_at": booking.approved_at.isoformat() if booking.approved_at else None,
        "actions": available_actions(booking, user),
    }
    if full:
        body["current_step"] = current_step_of(booking)
        body["approvals"] = approvals_of(booking)
        body["usage"] = usage_body(booking)
    return body
