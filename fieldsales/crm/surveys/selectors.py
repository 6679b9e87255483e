"""Reads of surveys: visibility, quarters, each salesperson's scores."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, QuerySet

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.selectors import people_q, visible_customers
from fieldsales.crm.surveys.models import SatisfactionSurvey

QUARTER_FORMAT = re.compile(r"^(20[0-9][0-9])Q([1-4])$")


def visible_surveys(*, user: Any) -> QuerySet[SatisfactionSurvey]:
    surveys = SatisfactionSurvey.objects.select_related("customer", "salesperson")
    if not customer_rules.uses_crm(user):
        return surveys.none()
    taken = people_q(user, "salesperson")
    if taken is None:
        return surveys
    return surveys.filter(taken | Q(customer__in=visible_customers(user=user).values("pk")))


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[date, date]:
    year, q = int(quarter[:4]), int(quarter[-1])
    start = date(year, 3 * q - 2, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, end


@dataclass(frozen=True)
class ScoreLine:
    salesperson: Any
    count: int
    average: Decimal
    satisfied_rate: Decimal  # share of 非常满意 and 满意 (4 and 3), in percent


def satisfaction_scores(*, user: Any, quarter: str) -> list[ScoreLine]:
    """Per salesperson: the quarter's survey count, average (1-4) and satisfied rate (%)."""
    rows = (
        visible_surveys(user=user)
        .filter(quarter=quarter, salesperson__isnull=False)
        .values("salesperson")
        .annotate(n=Count("pk"), avg=Avg("score"), good=Count("pk", filter=Q(score__gte=3)))
        .order_by("salesperson")
    )
    people = get_user_model().objects.in_bulk([r["salesperson"] for r in rows])
    lines = []
    for row in rows:
        average = Decimal(str(row["avg"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        rate = (Decimal(row["good"] * 100) / row["n"]).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        lines.append(ScoreLine(people[row["salesperson"]], row["n"], average, rate))
    return lines
