"""Reads of plans: who sees which (D2: a salesperson their own, a head or manager their
department's, the GM all, others nothing, hence 404), versions, and the month's target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from fieldsales.core.errors import ServiceError
from fieldsales.core.models import Approval
from fieldsales.core.workflow import waiting_for
from fieldsales.department.plans import rules
from fieldsales.department.plans.models import Plan


def visible_plans(*, user: Any) -> QuerySet[Plan]:
    """The GM every plan; a head or manager their departments' plans (and their own); a
    salesperson their own. Others none (404)."""
    plans = Plan.objects.select_related("department", "owner")
    if not rules.reads_plans(user):
        return plans.none()
    if rules.reads_every_plan(user):
        return plans
    # Its approver sees a plan, waiting or decided, whatever their own role (a named manager).
    decided = Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(Plan), user=user
    ).values("object_id")
    condition = Q(owner=user) | Q(pending_user_id=user.pk) | Q(pk__in=decided)
    departments = rules.managed_departments(user)
    if departments:
        condition |= Q(department_id__in=departments)
    return plans.filter(condition)


def plan_detail(*, user: Any, pk: int) -> Plan | None:
    return visible_plans(user=user).filter(pk=pk).first()


def plans_waiting(user: Any) -> QuerySet[Plan]:
    """Plans waiting for this approver: sales plans for their manager, yearly and monthly work
    plans for the GM (the inbox)."""
    return waiting_for(Plan, user)


def versions_of(plan: Plan) -> QuerySet[Plan]:
    """Every version of the same work plan (the old ones stay visible), newest first."""
    if plan.is_sales:
        return Plan.objects.filter(pk=plan.pk)
    return Plan.objects.filter(
        kind=plan.kind, department_id=plan.department_id, period_start=plan.period_start
    ).order_by("-version")


@dataclass(frozen=True)
class MonthFigure:
    measure: str
    label: str
    target: Decimal
    actual: Decimal
    percent: Decimal | None


def month_target(*, owner: Any, month_start: date) -> list[MonthFigure]:
    """The month's target and progress of a salesperson (D1's figures, shown read-only on the
    sales plan), when a split in force gives them one; else nothing."""
    from fieldsales.department.targets.models import Measure, TargetLine, TargetStatus
    from fieldsales.department.targets.progress import progress

    year, month = month_start.year, month_start.month
    has_target = TargetLine.objects.filter(
        target__status=TargetStatus.APPROVED,
        target__level="department",
        target__year=year,
        salesperson_id=owner.pk,
        category__isnull=True,
        month=month,
    ).exists()
    if not has_target:
        return []
    try:
        result = progress(user=owner, year=year, salesperson=owner.pk)
    except ServiceError:
        return []
    row = next((r for r in result.people if r.id == owner.pk), None)
    if row is None:
        return []
    figures = []
    for measure, label in Measure.choices:
        cell = row.measures[measure].months[month - 1]
        figures.append(MonthFigure(measure, str(label), cell.target, cell.actual, cell.percent))
    return figures
