"""Reads of the pipeline: visible opportunities, the board, follow-ups due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.selectors import PICK_LIMIT, people_q
from fieldsales.crm.pipeline.models import BOARD_STAGES, CLOSED_STAGES, Opportunity, Stage


def visible_opportunities(*, user: Any) -> QuerySet[Opportunity]:
    opportunities = Opportunity.objects.select_related("customer", "owner")
    if not customer_rules.uses_crm(user):
        return opportunities.none()
    owned = people_q(user, "owner")
    return opportunities if owned is None else opportunities.filter(owned)


def closed_opportunities(*, user: Any, owner: Any | None = None) -> QuerySet[Opportunity]:
    """Won and lost opportunities the user may see (of `owner` only, when given)."""
    opportunities = visible_opportunities(user=user).filter(stage__in=CLOSED_STAGES)
    return opportunities if owner is None else opportunities.filter(owner=owner)


def follow_ups_due(*, user: Any, today: date, mine_only: bool = True) -> QuerySet[Opportunity]:
    """Open opportunities whose next follow-up date has come (the pipeline's reminders)."""
    opportunities = visible_opportunities(user=user).filter(
        stage__in=BOARD_STAGES, next_follow_up__lte=today
    )
    if mine_only:
        opportunities = opportunities.filter(owner=user)
    return opportunities.order_by("next_follow_up", "pk")


@dataclass
class Column:
    stage: str
    label: str
    opportunities: list[Opportunity]
    count: int
    amount: Decimal


BOARD_LIMIT = 20


def pipeline_board(*, user: Any, owner: Any | None = None) -> list[Column]:
    """The five stages as columns, each with its open opportunities and their total amount."""
    opportunities = visible_opportunities(user=user).filter(stage__in=BOARD_STAGES)
    if owner is not None:
        opportunities = opportunities.filter(owner=owner)
    totals = {
        row["stage"]: row
        for row in opportunities.values("stage").annotate(n=Count("pk"), total=Sum("amount"))
    }
    columns = []
    for stage in BOARD_STAGES:
        rows = list(
            opportunities.filter(stage=stage).order_by("next_follow_up", "-pk")[:BOARD_LIMIT]
        )
        total = totals.get(stage, {})
        columns.append(
            Column(
                stage=stage,
                label=Stage(stage).label,
                opportunities=rows,
                count=total.get("n", 0),
                amount=Decimal(total.get("total") or 0).quantize(Decimal("0.01")),
            )
        )
    return columns


def stage_history(opportunity: Opportunity) -> QuerySet[Any]:
    return opportunity.changes.select_related("by")


def opportunity_label(opportunity: Opportunity) -> str:
    """How a drop-down names an opportunity: its customer, then its title."""
    return f"{opportunity.customer.name} · {opportunity}"


def pick_opportunities(*, user: Any, q: str) -> list[dict[str, Any]]:
    """Visible opportunities whose title or customer contains `q`, newest first."""
    opportunities = visible_opportunities(user=user)
    q = q.strip()
    if q:
        opportunities = opportunities.filter(
            Q(title__icontains=q) | Q(customer__name__icontains=q) | Q(customer__code__icontains=q)
        )
    return [
        {"id": o.pk, "label": opportunity_label(o), "data": {}}
        for o in opportunities.order_by("-pk")[:PICK_LIMIT]
    ]
