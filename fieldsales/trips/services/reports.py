"""Writes for the trip report (P7.1-P7.3) and the visits filed with it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import RuleBroken
from fieldsales.crm.models import Customer
from fieldsales.crm.visits.feedback import trip_visit_file
from fieldsales.org.access import enforce
from fieldsales.trips import rules
from fieldsales.trips.models import (
    Purpose,
    Trip,
    TripReport,
)
from fieldsales.trips.services.common import LAST_DAY


def _report_visit(
    trip: Trip,
    actor: Any,
    entry: Any,
    *,
    index: int | None,
    allowed: dict[int, Customer],
    first_day: date,
    last_day: date,
) -> Any:
    """One `visits` entry of a report: the customer's visit record with its signed feedback
    (P7.2), made through the CRM so that it is the same record a phone check-in makes."""
    prefix = "" if index is None else f"visits[{index}]."
    if not isinstance(entry, dict):
        raise RuleBroken(_("拜访记录格式不正确"), field=prefix.rstrip(".") or "visits")
    customer = allowed.get(entry.get("customer"))
    if customer is None:
        raise RuleBroken(_("反馈表的客户须是本次出差拜访的客户"), field=f"{prefix}customer")
    visited_on = entry.get("visited_on")
    if not isinstance(visited_on, date):
        raise RuleBroken(_("请填写拜访日期"), field=f"{prefix}visited_on")
    if not first_day <= visited_on <= last_day:
        raise RuleBroken(
            _("拜访日期须在实际出差日期内（%(start)s 至 %(end)s）")
            % {"start": first_day.isoformat(), "end": last_day.isoformat()},
            field=f"{prefix}visited_on",
        )
    if visited_on > timezone.localdate():
        raise RuleBroken(_("拜访日期不能晚于今天"), field=f"{prefix}visited_on")
    return trip_visit_file(
        trip=trip,
        actor=actor,
        customer=customer,
        visited_on=visited_on,
        content=entry.get("content") or "",
        satisfaction=entry.get("satisfaction"),
        signer_name=entry.get("signer_name") or "",
        signer_title=entry.get("signer_title") or "",
        comments=entry.get("comments") or "",
        signature=entry.get("signature") or "",
        prefix=prefix,
    )


@transaction.atomic
def trip_report_file(*, trip: Trip, actor: Any, data: dict[str, Any]) -> TripReport:
    """P7.1-P7.3: the trip report, once the trip has started, with its visits' signed
    feedback and the market analysis."""
    locked = Trip.objects.select_for_update().get(pk=trip.pk)
    enforce(rules.can_report(actor, locked))
    actual_depart = data.get("actual_depart") or locked.depart
    actual_return = data.get("actual_return") or locked.return_date
    if actual_depart > timezone.localdate():
        raise RuleBroken(
            _("出差尚未开始（实际出发日期 %(day)s 晚于今天），不能提交出差报告")
            % {"day": actual_depart.isoformat()},
            field="actual_depart",
        )
    if actual_return < actual_depart:
        raise RuleBroken(_("实际返回日期不能早于实际出发日期"), field="actual_return")
    if actual_return > LAST_DAY:
        raise RuleBroken(
            _("日期不能晚于%(day)s") % {"day": LAST_DAY.isoformat()}, field="actual_return"
        )
    if not (data.get("route") or "").strip():
        raise RuleBroken(_("请填写出差路线"), field="route")
    if locked.purpose == Purpose.NEW_MARKET and not (data.get("market_report") or "").strip():
        raise RuleBroken(_("开拓新市场的出差须附新市场分析报告（P7.3）"), field="market_report")
    report = TripReport.objects.create(
        trip=locked,
        actual_depart=actual_depart,
        actual_return=actual_return,
        route=data["route"].strip(),
        results=data.get("results") or "",
        orders_signed=data.get("orders_signed") or "",
        follow_up=data.get("follow_up") or "",
        market_report=data.get("market_report") or "",
        submitted_on=timezone.localdate(),
    )
    allowed = {c.pk: c for c in locked.customers.all()}
    visits = [
        _report_visit(
            locked,
            actor,
            entry,
            index=index,
            allowed=allowed,
            first_day=actual_depart,
            last_day=actual_return,
        )
        for index, entry in enumerate(data.get("visits") or [])
    ]
    workflow.apply(
        model=Trip,
        pk=locked.pk,
        actor=actor,
        action="report",
        data={
            "actual_depart": actual_depart.isoformat(),
            "actual_return": actual_return.isoformat(),
            "visits": [v.pk for v in visits],
        },
    )
    return report


@transaction.atomic
def trip_visit_add(*, trip: Trip, actor: Any, data: dict[str, Any]) -> Any:
    """A visit with its signed feedback added to a filed report, until the trip's claim is
    approved (P7.2 is not locked forever by a signature missing when the report was filed)."""
    locked = Trip.objects.select_for_update().get(pk=trip.pk)
    enforce(rules.can_add_visit(actor, locked))
    report = TripReport.objects.get(trip=locked)
    visit = _report_visit(
        locked,
        actor,
        data,
        index=None,
        allowed={c.pk: c for c in locked.customers.all()},
        first_day=report.actual_depart,
        last_day=report.actual_return,
    )
    audit(
        document=locked,
        actor=actor,
        action="visit_added",
        data={"visit": visit.pk, "customer": visit.customer_id},
    )
    return visit
