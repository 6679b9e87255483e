"""The demo's company vehicles (department.md D9), loaded idempotently by `fieldsales demo`
through the services: three cars of 销售部 (one in service), two past trips that used a car
(approved by head, with their usage logs and trip reports), and sales1's coming trip whose
booking waits for head."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fieldsales.core.errors import Forbidden, InvalidTransition
from fieldsales.department.vehicles import services
from fieldsales.department.vehicles.models import Vehicle, VehicleStatus
from fieldsales.trips.services import trips as trip_services
from fieldsales.trips.services.reports import trip_report_file

CARS = (
    ("浙A·D8C21", "别克 GL8 商务车", 7, VehicleStatus.AVAILABLE, "常用于客户接送"),
    ("浙A·5K3M9", "大众 帕萨特", 5, VehicleStatus.AVAILABLE, ""),
    ("浙A·Q7L06", "五菱 荣光 面包车", 7, VehicleStatus.IN_SERVICE, "保养中，预计下周可用"),
)
# (who, days from today to departure, days, destination, car, odometer out, km, litres, yuan)
PAST = (
    ("sales1", -21, 2, {"province": "浙江", "city": "宁波"}, 0, 48210, 386, "32.50", "258.70"),
    ("sales2", -10, 3, {"province": "江苏", "city": "苏州"}, 1, 61744, 512, "41.00", "331.20"),
)


def _approve(trip: Any, users: dict[str, Any]) -> None:
    """Take the trip through its chain as whoever holds each step (head, then the GM)."""
    for _step in range(4):
        trip.refresh_from_db()
        if trip.status != "submitted":
            return
        for name in ("head", "gm"):
            try:
                trip_services.trip_decide(trip=trip, actor=users[name], action="approve")
                break
            except (Forbidden, InvalidTransition):
                continue


def _trip(users: dict[str, Any], who: str, offset: int, days: int, where: dict[str, str]) -> Any:
    today = timezone.localdate()
    depart = today + timedelta(days=offset)
    trip = trip_services.trip_create(
        traveller=users[who],
        data={
            "purpose": "customer_visit",
            "destinations": [where],
            "depart": depart,
            "return_date": depart + timedelta(days=days - 1),
            "note": "公司派车，带样品和宣传资料",
        },
    )
    trip_services.trip_submit(trip=trip, actor=users[who])
    _approve(trip, users)
    trip.refresh_from_db()
    return trip


def load(users: dict[str, Any]) -> None:
    head = users.get("head")
    if head is None or Vehicle.objects.exists():
        return
    department = head.employee.department
    cars = []
    for plate, model, seats, status, note in CARS:
        car = services.vehicle_create(
            actor=head,
            department_id=department.pk,
            data={"plate": plate, "model": model, "seats": seats, "note": note},
        )
        if status != VehicleStatus.AVAILABLE:
            car = services.vehicle_update(vehicle=car, actor=head, data={"status": status})
        cars.append(car)
    for who, offset, days, where, car, out, km, litres, cost in PAST:
        trip = _trip(users, who, offset, days, where)
        booking = services.booking_request(actor=users[who], trip=trip, vehicle=cars[car])
        services.booking_decide(booking=booking, actor=head, action="approve", comment="同意")
        back = timezone.make_aware(datetime.combine(trip.return_date, time(18, 30)))
        services.usage_record(
            booking=booking,
            actor=users[who],
            data={
                "odometer_out": out,
                "odometer_in": out + km,
                "fuel_litres": Decimal(litres),
                "fuel_cost": Decimal(cost),
                "returned_at": back,
                "note": "车辆完好",
            },
        )
        trip_report_file(
            trip=trip,
            actor=users[who],
            data={
                "route": f"杭州—{where['city']}—杭州（公司派车）",
                "results": "拜访客户并收集需求",
            },
        )
    coming = _trip(users, "sales1", 5, 2, {"province": "浙江", "city": "绍兴"})
    services.booking_request(
        actor=users["sales1"], trip=coming, vehicle=cars[0], note="带两位技术人员现场勘察"
    )
