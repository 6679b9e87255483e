"""Shared steps of the Saturday meeting tests (D5): a fixed past week, visits written as the
crm would have them, and a meeting opened through the API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from fieldsales.crm.models import Customer, Visit, VisitStatus

SATURDAY = date(2026, 10, 10)  # reviews Sun 10-04 .. Sat 10-10, plans Sun 10-11 .. Sat 10-17


def day(offset: int) -> date:
    """The day `offset` days from the meeting's Saturday."""
    return SATURDAY + timedelta(days=offset)


def visit(user, on: date, *, purpose="拜访", status=VisitStatus.PLANNED, content="", **extra):
    customer = Customer.objects.filter(owner=user).order_by("code").first()
    fields = {"status": status, "content": content, **extra}
    if status in (VisitStatus.CHECKED_IN, VisitStatus.CHECKED_OUT):
        at = timezone.make_aware(datetime.combine(on, time(10)))
        fields |= {"check_in_at": at, "recorded_at": at if content else None}
    return Visit.objects.create(
        customer=customer, salesperson=user, date=on, purpose=purpose, **fields
    )


def open_meeting(api, department_id: int, on: date = SATURDAY) -> dict:
    created = api("head").post(
        "/api/meetings/", {"department": department_id, "date": on.isoformat()}, format="json"
    )
    assert created.status_code == 201, created.json()
    return created.json()


def section(body: dict, user) -> dict:
    return next(s for s in body["sections"] if s["salesperson"] == user.pk)
