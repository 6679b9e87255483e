"""The day's facts of a work log (D3), listed from the data: visits checked in that day, orders
signed or created that day, collections that day on the person's orders, and the service steps
the person took that day. Computed live while a log is a draft, frozen into it at submit.

The queries read crm's and sales' models with their own definitions (a visit's check-in, an
order's signing date, a collection not voided), grouped by day so that a range costs four
queries (the demo freezes a year at once)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from fieldsales.crm.service.models import ServiceStep
from fieldsales.crm.visits.models import Visit, VisitStatus
from fieldsales.sales.orders.models import Collection, Order

ZERO = Decimal("0.00")


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _clock(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%H:%M")


def empty() -> dict[str, Any]:
    return {"visits": [], "orders": [], "collections": [], "service_steps": []}


def facts_between(person_id: int, start: date, end: date) -> dict[date, dict[str, Any]]:
    """{day: facts} for the person's days from `start` to `end` (days with nothing left out)."""
    begin, finish = _moment(start), _moment(end + timedelta(days=1))
    days: dict[date, dict[str, Any]] = defaultdict(empty)
    visits = (
        Visit.objects.filter(
            salesperson_id=person_id, check_in_at__gte=begin, check_in_at__lt=finish
        )
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("customer")
        .order_by("check_in_at", "pk")
    )
    for visit in visits:
        days[_local_day(visit.check_in_at)]["visits"].append(
            {
                "id": visit.pk,
                "number": visit.number,
                "customer": {"id": visit.customer_id, "name": visit.customer.name},
                "purpose": visit.purpose,
                "status": visit.status,
                "check_in": _clock(visit.check_in_at),
                "check_out": _clock(visit.check_out_at),
                "content": visit.content,
                "next_step": visit.next_step,
            }
        )
    orders = (
        Order.objects.filter(salesperson_id=person_id)
        .filter(
            Q(signed_on__gte=start, signed_on__lte=end)
            | Q(created_at__gte=begin, created_at__lt=finish)
        )
        .select_related("customer")
        .order_by("created_at", "pk")
    )
    for order in orders:
        created = _local_day(order.created_at)
        for day, event in ((created, "created"), (order.signed_on, "signed")):
            if day is None or not start <= day <= end:
                continue
            if event == "signed" and day == created:
                days[day]["orders"][-1]["events"].append(event)
                continue
            days[day]["orders"].append(
                {
                    "id": order.pk,
                    "number": order.number,
                    "customer": {"id": order.customer_id, "name": order.customer.name},
                    "total": f"{order.total:.2f}",
                    "status": order.status,
                    "events": [event],
                }
            )
    collections = (
        Collection.objects.filter(
            order__salesperson_id=person_id,
            date__gte=start,
            date__lte=end,
            voided_at__isnull=True,
        )
        .select_related("order__customer")
        .order_by("date", "pk")
    )
    for collection in collections:
        order = collection.order
        days[collection.date]["collections"].append(
            {
                "id": collection.pk,
                "order": {"id": order.pk, "number": order.number},
                "customer": {"id": order.customer_id, "name": order.customer.name},
                "amount": f"{collection.amount:.2f}",
                "method": collection.method,
            }
        )
    steps = (
        ServiceStep.objects.filter(by_id=person_id, at__gte=begin, at__lt=finish)
        .select_related("request__customer")
        .order_by("at", "pk")
    )
    for step in steps:
        request = step.request
        days[_local_day(step.at)]["service_steps"].append(
            {
                "id": step.pk,
                "request": {"id": request.pk, "number": request.number, "title": request.title},
                "customer": {"id": request.customer_id, "name": request.customer.name},
                "action": step.action,
                "note": step.note,
                "at": _clock(step.at),
            }
        )
    return {day: with_totals(facts) for day, facts in days.items()}


def with_totals(facts: dict[str, Any]) -> dict[str, Any]:
    """The counts and sums shown above the lists (money as strings to the fen)."""
    signed = sum(
        (Decimal(o["total"]) for o in facts["orders"] if "signed" in o["events"]), start=ZERO
    )
    collected = sum((Decimal(c["amount"]) for c in facts["collections"]), start=ZERO)
    facts["totals"] = {
        "visits": len(facts["visits"]),
        "orders": len(facts["orders"]),
        "signed": f"{signed:.2f}",
        "collections": len(facts["collections"]),
        "collected": f"{collected:.2f}",
        "service_steps": len(facts["service_steps"]),
    }
    return facts


def facts_of(person_id: int, day: date) -> dict[str, Any]:
    """The person's facts of one day, as they stand now."""
    return facts_between(person_id, day, day).get(day) or with_totals(empty())
