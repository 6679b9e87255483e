"""What the selling documents share: their number series, their approval chains and the
decisions taken on them, and the draw of a state from a table of odds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Max

from fieldsales.core.models import Approval, Counter
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.helpers import at
from fieldsales.sales.params import DEFAULT_SALES_PARAMS

ZERO = Decimal("0.00")
MAJOR = DEFAULT_SALES_PARAMS.major_amount
RECENT = 60  # days: documents younger than this are still in the making
DECLINES = ("价格高于竞争对手", "项目延期", "客户预算削减", "交货期不满足")


class Numbers:
    """Document numbers taken in bulk from a counter series, and the counter left past them."""

    def __init__(self, name: str, used: int) -> None:
        row = Counter.objects.filter(name=name).first()
        self.name = name
        self.last = max(used, row.value if row else 0)

    def take(self) -> int:
        self.last += 1
        return self.last

    def save(self) -> None:
        Counter.objects.update_or_create(name=self.name, defaults={"value": self.last})


class YearNumbers:
    """One `Numbers` per year (`quote-2025`, `sales.order.2025`, ...)."""

    def __init__(self, pattern: str, model: type[models.Model]) -> None:
        self.pattern = pattern
        self.used = dict(
            model.objects.order_by().values("year").annotate(m=Max("seq")).values_list("year", "m")  # type: ignore[attr-defined]
        )
        self.series: dict[int, Numbers] = {}

    def take(self, year: int) -> int:
        if year not in self.series:
            self.series[year] = Numbers(self.pattern.format(year=year), self.used.get(year) or 0)
        return self.series[year].take()

    def save(self) -> None:
        for series in self.series.values():
            series.save()


class Chains:
    """Approval chains as the services build them (department manager, the GM when major)."""

    def __init__(self, ctx: Context) -> None:
        self.gm = ctx.users["gm"]
        self.heads = ctx.heads
        self.department_of = ctx.department_of

    def head_of(self, person: int) -> Any:
        return self.heads[self.department_of[person]]

    def chain(self, person: int, major: bool) -> list[dict[str, Any]]:
        steps = [{"role": "dept_manager", "user": self.head_of(person).pk, "alternate": False}]
        if major:
            steps.append({"role": "gm", "user": None, "alternate": False})
        return steps

    def deciders(self, person: int, major: bool) -> list[tuple[str, Any]]:
        people = [("dept_manager", self.head_of(person))]
        return people + ([("gm", self.gm)] if major else [])


def decisions(
    content_type: ContentType,
    document: Any,
    chains: Chains,
    person: int,
    major: bool,
    decided: date,
    outcome: str,
) -> list[Approval]:
    """The decisions of a whole chain: every step approves, or the first rejects."""
    rows = []
    for step, (role, user) in enumerate(chains.deciders(person, major)):
        rows.append(
            Approval(
                content_type=content_type,
                object_id=document.pk,
                round=1,
                step=step,
                role=role,
                user=user,
                decision=outcome,
                comment="同意" if outcome == "approve" else "请补充说明后重新提交",
                at=at(decided, 15, step),
            )
        )
        if outcome != "approve":
            break
    return rows


def pending(document: Any, chain: list[dict[str, Any]]) -> None:
    """A submitted document waits for its chain's first step."""
    document.pending_role = chain[0]["role"]
    document.pending_user_id = chain[0]["user"]


def choose(rng: Any, table: tuple[tuple[float, str], ...]) -> str:
    """A state drawn from a table of (cumulative odds, state)."""
    r = rng.random()
    return next(status for limit, status in table if r < limit)
