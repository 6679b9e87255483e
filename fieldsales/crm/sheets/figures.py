"""The money part of 本周业绩 (实际销售额, 回款额), as the app that owns orders answers for it.

crm is below sales (import-linter): the weekly sheet names no order. sales registers one
callable at start-up (`register_weekly_figures`); without it the two cells stay empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class WeekMoney:
    """One salesperson's money of a week: `sales` the totals of the orders signed in it,
    `collected` the non-voided collections dated in it on their orders."""

    sales: Decimal
    collected: Decimal


# figures(user=, start=, end=, people=) -> {person id: WeekMoney}; `end` is inclusive. A person
# without orders may be missing (read as zero by the sheet). One call for all people.
WeeklyFigures = Callable[..., dict[int, WeekMoney]]


_figures: WeeklyFigures | None = None


def register_weekly_figures(figures: WeeklyFigures) -> None:
    """Called once by the app that owns orders, in its AppConfig.ready()."""
    global _figures
    _figures = figures


def weekly_money(*, user: Any, start: date, end: date, people: list[Any]) -> dict[int, WeekMoney]:
    """{person id: WeekMoney} for [start, end]; {} when no app provides orders."""
    if _figures is None or not people:
        return {}
    return _figures(user=user, start=start, end=end, people=people)


# targets(user=, start=, end=, people=) -> {person id: the period's sales target}: 周目标 from
# the app that owns targets (department), registered the same way; without it the cell is empty.
WeeklyTargets = Callable[..., dict[int, Decimal]]

_targets: WeeklyTargets | None = None


def register_weekly_targets(targets: WeeklyTargets) -> None:
    """Called once by the app that owns targets, in its AppConfig.ready()."""
    global _targets
    _targets = targets


def weekly_targets(*, user: Any, start: date, end: date, people: list[Any]) -> dict[int, Decimal]:
    """{person id: 周目标} for [start, end]; {} when no app provides targets."""
    if _targets is None or not people:
        return {}
    return _targets(user=user, start=start, end=end, people=people)


ZERO = Decimal("0.00")
NONE = WeekMoney(sales=ZERO, collected=ZERO)
