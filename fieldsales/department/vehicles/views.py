"""Pages of company vehicles (D9): the fleet with each car's bookings, the booking form (from
the trip page or choosing the trip), a booking with the manager's approve and reject, cancel,
and the usage log form (made for a phone). Thin: parse, call one service, render."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import RuleBroken
from fieldsales.core.numbers import AMOUNT
from fieldsales.department.vehicles import rules, selectors, services
from fieldsales.department.vehicles.models import VehicleBooking, VehicleStatus
from fieldsales.org.models import Department
from fieldsales.trips.selectors import visible_trips


def _reader(request: HttpRequest) -> None:
    if not rules.reads_vehicles(request.user):
        raise Http404


def _booking(request: HttpRequest, pk: int) -> VehicleBooking:
    _reader(request)
    booking = selectors.booking_detail(user=request.user, pk=pk)
    if booking is None:
        raise Http404
    return booking


@login_required
def vehicles_page(request: HttpRequest) -> HttpResponse:
    """The fleet with each car's calendar, the bookings waiting for me and my own bookings."""
    _reader(request)
    user = request.user
    since = timezone.localdate() - timedelta(days=14)
    fleet = [
        {
            "vehicle": vehicle,
            "lines": selectors.calendar(user=user, vehicle=vehicle, start=since, days=90),
            "can_keep": bool(rules.can_keep(user, vehicle.department_id)),
        }
        for vehicle in selectors.visible_vehicles(user=user).order_by("status", "plate")
    ]
    kept = Department.objects.filter(pk__in=rules.kept_departments(user)).order_by("pk")
    mine = selectors.visible_bookings(user=user).filter(requester=user).order_by("-start")[:20]
    return render(
        request,
        "department/vehicles/list.html",
        {
            "fleet": fleet,
            "waiting": selectors.bookings_waiting(user).select_related("vehicle", "requester"),
            "mine": mine,
            "kept": kept,
            "statuses": VehicleStatus.choices,
            "can_book": selectors.bookable_trips(user=user).exists(),
            "recent": selectors.visible_bookings(user=user)
            .filter(vehicle__department_id__in=[d.pk for d in kept])
            .exclude(requester=user)
            .order_by("-start")[:20],
        },
    )


vehicles_page.admits = rules.reads_vehicles  # type: ignore[attr-defined]


@login_required
def booking_form(request: HttpRequest) -> HttpResponse:
    """Book a car: the trip (given from its page, or chosen) and a free car of the department."""
    _reader(request)
    user = request.user
    trips = list(selectors.bookable_trips(user=user))
    chosen = id_param(request.GET.get("trip"))
    vehicles = selectors.visible_vehicles(user=user).filter(
        status=VehicleStatus.AVAILABLE, department_id=rules.member_department(user)
    )
    return render(
        request,
        "department/vehicles/book.html",
        {"trips": trips, "chosen": chosen, "vehicles": list(vehicles.order_by("plate"))},
    )


@action_view(fallback="department:vehicles")
def booking_new(request: HttpRequest) -> tuple[Any, str]:
    _reader(request)
    post = request.POST
    trip = visible_trips(user=request.user).filter(pk=id_param(post.get("trip")) or 0).first()
    if trip is None:
        raise RuleBroken(_("请选择出差申请"), field="trip")
    vehicle = selectors.vehicle_detail(user=request.user, pk=id_param(post.get("vehicle")) or 0)
    if vehicle is None:
        raise RuleBroken(_("请选择车辆"), field="vehicle")
    try:
        start = parse_date(post.get("start", "")[:20]) if post.get("start") else None
        end = parse_date(post.get("end", "")[:20]) if post.get("end") else None
    except ValueError:
        raise RuleBroken(_("日期无效"), field="start") from None
    booking = services.booking_request(
        actor=request.user,
        trip=trip,
        vehicle=vehicle,
        start=start,
        end=end,
        note=post.get("note", "")[:200],
    )
    return ("department:vehicle_booking", booking.pk), _("用车申请已提交，等待部门经理审批")


@login_required
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    user = request.user
    usage = selectors.usage_of(booking)
    return render(
        request,
        "department/vehicles/booking.html",
        {
            "booking": booking,
            "usage": usage,
            "can_decide": bool(rules.can_decide(user, booking)),
            "can_cancel": bool(rules.can_cancel(user, booking)),
            "can_log": bool(rules.can_log_usage(user, booking)),
            "drivers": list(services.driver_choices(booking).order_by("pk")),
            "now": timezone.localtime(),
        },
    )


def _number(value: str, name: str) -> int:
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 7:
        raise RuleBroken(_("里程须为 0 至 9999999 的整数（公里）"), field=name)
    return int(text)


def _amount(value: str, name: str) -> Decimal:
    text = (value or "").strip() or "0"
    if not AMOUNT.match(text):
        raise RuleBroken(_("须为不小于 0 的数，最多两位小数"), field=name)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise RuleBroken(_("须为不小于 0 的数，最多两位小数"), field=name) from None


def _usage_data(post: Any) -> dict[str, Any]:
    returned = (post.get("returned_at") or "").strip()[:30]
    try:
        at = parse_datetime(returned) if returned else None
    except ValueError:
        at = None
    if returned and at is None:
        raise RuleBroken(_("还车时间无效"), field="returned_at")
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    return {
        "odometer_out": _number(post.get("odometer_out", ""), "odometer_out"),
        "odometer_in": _number(post.get("odometer_in", ""), "odometer_in"),
        "fuel_litres": _amount(post.get("fuel_litres", ""), "fuel_litres"),
        "fuel_cost": _amount(post.get("fuel_cost", ""), "fuel_cost"),
        "driver": id_param(post.get("driver")),
        "returned_at": at,
        "note": post.get("note", "")[:200],
    }


ACTIONS = {
    "approve": gettext_lazy("已批准用车申请"),
    "reject": gettext_lazy("已驳回用车申请"),
    "cancel": gettext_lazy("用车申请已取消"),
    "usage": gettext_lazy("出车记录已保存"),
}


@action_view(fallback="department:vehicles")
def booking_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    booking = _booking(request, pk)
    if action not in ACTIONS:
        raise Http404
    actor, comment = request.user, request.POST.get("comment", "")[:500]
    if action in ("approve", "reject"):
        services.booking_decide(booking=booking, actor=actor, action=action, comment=comment)
    elif action == "cancel":
        services.booking_cancel(booking=booking, actor=actor, comment=comment)
    else:
        services.usage_record(booking=booking, actor=actor, data=_usage_data(request.POST))
    return ("department:vehicle_booking", pk), str(ACTIONS[action])


@action_view(fallback="department:vehicles")
def vehicle_new(request: HttpRequest) -> tuple[Any, str]:
    _reader(request)
    post = request.POST
    department = id_param(post.get("department"))
    if department is None:
        raise RuleBroken(_("请指定部门"), field="department")
    seats = id_param(post.get("seats"))
    services.vehicle_create(
        actor=request.user,
        department_id=department,
        data={
            "plate": post.get("plate", "")[:20],
            "model": post.get("model", "")[:80],
            "seats": seats if seats is not None else -1,
            "note": post.get("note", "")[:200],
        },
    )
    return "department:vehicles", _("车辆已登记")


@action_view(fallback="department:vehicles")
def vehicle_status(request: HttpRequest, pk: int) -> tuple[Any, str]:
    _reader(request)
    vehicle = selectors.vehicle_detail(user=request.user, pk=pk)
    if vehicle is None:
        raise Http404
    services.vehicle_update(
        vehicle=vehicle, actor=request.user, data={"status": request.POST.get("status", "")}
    )
    return "department:vehicles", _("车辆状态已更新")
