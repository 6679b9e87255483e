"""Writes of company vehicles (D9): the manager keeps the fleet; the traveller books a car for
a trip (overlapping bookings of a car are refused with 409, under the car's row lock); the
manager approves, which makes the trip's vehicle the company's so the travel policy's P4.7
applies by itself; a booking is cancelled; the usage log is recorded. Keyword-only, one
transaction each."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.department.vehicles import rules, selectors
from fieldsales.department.vehicles.models import (
    BookingStatus,
    Vehicle,
    VehicleBooking,
    VehicleStatus,
    VehicleUsage,
)
from fieldsales.org.access import enforce
from fieldsales.org.models import Department
from fieldsales.trips.models import Claim, ClaimStatus, Trip
from fieldsales.trips.models import Vehicle as TripVehicle
from fieldsales.trips.services.evaluation import money_audit, reevaluate

VEHICLE_FIELDS = ("plate", "model", "seats", "status", "note")
# Claims whose evaluation may still change: the claimant edits them, so they follow the trip.
OPEN_CLAIMS = (ClaimStatus.DRAFT, ClaimStatus.REJECTED)
ODOMETER_MAX = 9_999_999
LITRES_MAX = Decimal("9999.99")
MONEY_MAX = Decimal("999999999.99")


def _text(value: Any, name: str, limit: int, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise RuleBroken(_("须为文字"), field=name)
    text = value.strip()
    if "\x00" in text:
        raise RuleBroken(_("不能包含空字符"), field=name)
    if len(text) > limit:
        raise RuleBroken(_("不能超过 %(n)s 字") % {"n": limit}, field=name)
    if required and not text:
        raise RuleBroken(_("不能为空"), field=name)
    return text


def _vehicle_values(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "plate" in data:
        values["plate"] = _text(data["plate"], "plate", 12, required=True).upper()
    if "model" in data:
        values["model"] = _text(data["model"], "model", 60, required=True)
    if "note" in data:
        values["note"] = _text(data["note"], "note", 200)
    if "seats" in data:
        seats = data["seats"]
        if not isinstance(seats, int) or isinstance(seats, bool) or not 1 <= seats <= 60:
            raise RuleBroken(_("座位数须为 1 至 60 的整数"), field="seats")
        values["seats"] = seats
    if "status" in data:
        if data["status"] not in VehicleStatus.values:
            raise RuleBroken(_("状态须为可用、维修保养中或已停用"), field="status")
        values["status"] = data["status"]
    return values


def _plate_free(plate: str | None, exclude: int | None = None) -> None:
    if plate and Vehicle.objects.filter(plate=plate).exclude(pk=exclude).exists():
        raise RuleBroken(_("该车牌号已登记"), field="plate")


@transaction.atomic
def vehicle_create(*, actor: Any, department_id: int, data: dict[str, Any]) -> Vehicle:
    """D9: the manager registers a car of the department."""
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise RuleBroken(_("部门不存在"), field="department")
    enforce(rules.can_keep(actor, department.pk))
    values = _vehicle_values(data)
    for name in ("plate", "model", "seats"):
        if name not in values:
            raise RuleBroken(_("不能为空"), field=name)
    _plate_free(values["plate"])
    vehicle = Vehicle.objects.create(department=department, **values)
    audit(document=vehicle, actor=actor, action="create", to_status=vehicle.status)
    return vehicle


@transaction.atomic
def vehicle_update(*, vehicle: Vehicle, actor: Any, data: dict[str, Any]) -> Vehicle:
    """The manager corrects a car's details or sets its status (available, in service,
    retired); bookings already approved stay (the manager cancels them if need be)."""
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    enforce(rules.can_keep(actor, vehicle.department_id))
    values = _vehicle_values(data)
    _plate_free(values.get("plate"), exclude=vehicle.pk)
    old = vehicle.status
    for name, value in values.items():
        setattr(vehicle, name, value)
    if values:
        vehicle.save(update_fields=[*values, "updated_at"])
        audit(
            document=vehicle,
            actor=actor,
            action="edit",
            from_status=old,
            to_status=vehicle.status,
            data={"fields": sorted(values)},
        )
    return vehicle


def _dates(trip: Trip, start: date | None, end: date | None) -> tuple[date, date]:
    """The booking's days: the trip's planned dates unless narrowed within them."""
    start = start or trip.depart
    end = end or trip.return_date
    if end < start:
        raise RuleBroken(_("用车结束日期不能早于开始日期（D9）"), field="end")
    if start < trip.depart or end > trip.return_date:
        raise RuleBroken(
            _("用车日期须在出差日期 %(depart)s 至 %(return)s 之内（D9）")
            % {"depart": trip.depart.isoformat(), "return": trip.return_date.isoformat()},
            field="start",
        )
    return start, end


def _refuse_overlap(vehicle: Vehicle, start: date, end: date, exclude: int | None = None) -> None:
    clash = (
        selectors.overlapping(vehicle_id=vehicle.pk, start=start, end=end)
        .exclude(pk=exclude)
        .order_by("start")
        .first()
    )
    if clash is not None:
        raise InvalidTransition(
            _("D9：%(plate)s 在 %(start)s 至 %(end)s 已被预订（%(number)s），用车日期不能重叠")
            % {
                "plate": vehicle.plate,
                "start": clash.start.isoformat(),
                "end": clash.end.isoformat(),
                "number": clash.number,
            }
        )


@transaction.atomic
def booking_request(
    *,
    actor: Any,
    trip: Trip,
    vehicle: Vehicle,
    start: date | None = None,
    end: date | None = None,
    note: str = "",
) -> VehicleBooking:
    """D9: the traveller books a car of their department for their trip and sends it to the
    manager. The car's row is locked first, so two requests for the same days cannot both
    pass the overlap check (the second is 409)."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    enforce(rules.can_book(actor, trip))
    # The car's lock serialises every booking of it (PostgreSQL: no join in FOR UPDATE).
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    if vehicle.department_id != rules.member_department(actor):
        raise RuleBroken(_("只能预订本部门的车辆（D9）"), field="vehicle")
    if vehicle.status != VehicleStatus.AVAILABLE:
        raise InvalidTransition(
            _("车辆“%(status)s”，不能预订（D9）") % {"status": vehicle.get_status_display()}
        )
    start, end = _dates(trip, start, end)
    note = _text(note, "note", 200)
    if VehicleBooking.objects.filter(
        trip=trip, status__in=(BookingStatus.REQUESTED, BookingStatus.APPROVED)
    ).exists():
        raise InvalidTransition(_("该出差已有用车申请（D9）：请先取消原申请"))
    _refuse_overlap(vehicle, start, end)
    booking = VehicleBooking.objects.create(
        vehicle=vehicle, trip=trip, requester=actor, start=start, end=end, note=note
    )
    audit(document=booking, actor=actor, action="create", to_status=booking.status)
    return workflow.apply(model=VehicleBooking, pk=booking.pk, actor=actor, action="submit")


def _frozen_claims(trip: Trip) -> None:
    """Approved (and submitted) claims are never edited: a change of the trip's vehicle that
    would change their evaluation is refused (409)."""
    frozen = Claim.objects.filter(trip=trip).exclude(status__in=OPEN_CLAIMS)
    if frozen.exists():
        raise InvalidTransition(_("该出差的报销单已提交或已批准，交通工具不能再改变（D9、P4.7）"))


def _set_trip_vehicle(trip: Trip, vehicle: str, actor: Any, booking: VehicleBooking) -> None:
    """Write the trip's vehicle (a consequence of the booking, not an edit of the request)
    and evaluate its open claims again, so P4.7 follows the car."""
    old = trip.vehicle
    if old == vehicle:
        return
    trip.vehicle = vehicle
    trip.save(update_fields=["vehicle", "updated_at"])
    audit(
        document=trip,
        actor=actor,
        action="edit",
        from_status=trip.status,
        to_status=trip.status,
        data={"vehicle": vehicle, "was": old, "booking": booking.pk, "rule": "D9"},
    )
    for claim in Claim.objects.select_for_update().filter(trip=trip, status__in=OPEN_CLAIMS):
        reevaluate(claim)
        audit(document=claim, actor=actor, action="evaluate", data=money_audit(claim))


def booking_decide(
    *, booking: VehicleBooking, actor: Any, action: str, comment: str = ""
) -> VehicleBooking:
    """The manager approves (the trip's vehicle becomes the company's: P4.7) or rejects
    (with a reason) a requested booking; the requester is told (notifications.moves)."""
    if action not in ("approve", "reject"):
        raise RuleBroken(_("不支持的操作：%(action)s") % {"action": action})

    def before(locked: VehicleBooking) -> None:
        if action != "approve":
            return
        trip = Trip.objects.select_for_update().get(pk=locked.trip_id)
        if trip.status in (Trip.S.CANCELLED, Trip.S.REJECTED):
            raise InvalidTransition(
                _("出差申请“%(status)s”，不能批准用车") % {"status": trip.get_status_display()}
            )
        _frozen_claims(trip)
        locked.previous_vehicle = trip.vehicle
        locked.save(update_fields=["previous_vehicle"])
        _set_trip_vehicle(trip, TripVehicle.COMPANY, actor, locked)

    return workflow.apply(
        model=VehicleBooking,
        pk=booking.pk,
        actor=actor,
        action=action,
        comment=comment,
        before=before,
    )


def booking_cancel(*, booking: VehicleBooking, actor: Any, comment: str = "") -> VehicleBooking:
    """The requester or the manager cancels a booking not yet driven; an approved one gives
    the trip back the vehicle it had before (unless its claim is already frozen: 409)."""
    enforce(rules.can_cancel(actor, booking))

    def before(locked: VehicleBooking) -> None:
        enforce(rules.can_cancel(actor, locked))
        if locked.status != BookingStatus.APPROVED:
            return
        trip = Trip.objects.select_for_update().get(pk=locked.trip_id)
        if trip.vehicle == TripVehicle.COMPANY:
            _frozen_claims(trip)
            _set_trip_vehicle(trip, locked.previous_vehicle, actor, locked)

    return workflow.apply(
        model=VehicleBooking,
        pk=booking.pk,
        actor=actor,
        action="cancel",
        comment=_text(comment, "comment", 500),
        before=before,
    )


def _odometer(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= ODOMETER_MAX:
        raise RuleBroken(_("里程须为 0 至 9999999 的整数（公里）"), field=name)
    return value


def _decimal(value: Any, name: str, limit: Decimal) -> Decimal:
    if (
        isinstance(value, Decimal)
        and value.is_finite()
        and Decimal("0") <= value <= limit
        and value == value.quantize(Decimal("0.01"))
    ):
        return value
    raise RuleBroken(_("须为不小于 0 的数，最多两位小数"), field=name)


def driver_choices(booking: VehicleBooking) -> Any:
    """Who may drive the car: the requester, a companion on the trip, a colleague of the
    car's department (active people)."""
    companions = booking.trip.companions.values("user_id")
    return get_user_model().objects.filter(
        Q(pk=booking.requester_id)
        | Q(pk__in=companions)
        | Q(employee__department_id=booking.vehicle.department_id),
        is_active=True,
    )


def _driver(booking: VehicleBooking, driver_id: Any) -> Any:
    """The driver: the requester unless another allowed person is named."""
    if driver_id is None:
        return booking.requester
    found = (
        driver_choices(booking).filter(pk=driver_id).first() if isinstance(driver_id, int) else None
    )
    if found is None:
        raise RuleBroken(_("驾驶人须为出差人、同行人或本部门员工"), field="driver")
    return found


@transaction.atomic
def usage_record(*, booking: VehicleBooking, actor: Any, data: dict[str, Any]) -> VehicleUsage:
    """D9: the usage log of an approved booking (written again to correct it): odometer out
    and in (in not below out: 400), fuel in litres and yuan, the driver, when it came back."""
    booking = VehicleBooking.objects.select_for_update().get(pk=booking.pk)
    enforce(rules.can_log_usage(actor, booking))
    out = _odometer(data.get("odometer_out"), "odometer_out")
    back = _odometer(data.get("odometer_in"), "odometer_in")
    if back < out:
        raise RuleBroken(_("还车里程不能小于出车里程（D9）"), field="odometer_in")
    returned_at = data.get("returned_at")
    if returned_at is not None:
        if not isinstance(returned_at, datetime):
            raise RuleBroken(_("还车时间无效"), field="returned_at")
        if timezone.localdate(returned_at) < booking.start:
            raise RuleBroken(_("还车时间不能早于用车开始日期（D9）"), field="returned_at")
        if returned_at > timezone.now():
            raise RuleBroken(_("还车时间不能晚于现在"), field="returned_at")
    values = {
        "odometer_out": out,
        "odometer_in": back,
        "fuel_litres": _decimal(data.get("fuel_litres", Decimal("0")), "fuel_litres", LITRES_MAX),
        "fuel_cost": _decimal(data.get("fuel_cost", Decimal("0")), "fuel_cost", MONEY_MAX),
        "driver": _driver(booking, data.get("driver")),
        "returned_at": returned_at,
        "note": _text(data.get("note", ""), "note", 200),
        "recorded_by": actor,
    }
    usage, created = VehicleUsage.objects.update_or_create(booking=booking, defaults=values)
    audit(
        document=booking,
        actor=actor,
        action="usage",
        data={
            "odometer_out": out,
            "odometer_in": back,
            "fuel_litres": f"{values['fuel_litres']:.2f}",
            "amount": f"{values['fuel_cost']:.2f}",
            "first": created,
        },
    )
    return usage
