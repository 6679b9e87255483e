"""D1: a split must add up exactly (pure Python, no Django): departments to the company, people
to the department, months to the person's year. Each gap is reported with what it concerns and
the amount: target − sum, positive when the split falls short."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

MONTHS = 12
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Gap:
    """`whole` should equal Σ parts; `gap` = whole − Σ parts."""

    kind: str  # "departments", "people", "months", "categories"
    measure: str
    whole: Decimal
    parts: Decimal
    who: str = ""  # the person (months) or empty

    @property
    def gap(self) -> Decimal:
        return self.whole - self.parts


def departments_gaps(
    totals: Mapping[str, Decimal], departments: Mapping[str, Sequence[Decimal]]
) -> list[Gap]:
    """Σ departments' amounts = the company's, per measure."""
    gaps = []
    for measure, whole in totals.items():
        parts = sum(departments.get(measure, ()), ZERO)
        if parts != whole:
            gaps.append(Gap("departments", measure, whole, parts))
    return gaps


def people_gaps(
    totals: Mapping[str, Decimal], people: Mapping[str, Sequence[Decimal]]
) -> list[Gap]:
    """Σ people's years = the department's, per measure."""
    gaps = []
    for measure, whole in totals.items():
        parts = sum(people.get(measure, ()), ZERO)
        if parts != whole:
            gaps.append(Gap("people", measure, whole, parts))
    return gaps


def months_gap(measure: str, who: str, year: Decimal, months: Sequence[Decimal]) -> Gap | None:
    """Σ 12 months = the person's year (quarters are sums of months, so they add up too)."""
    parts = sum(months, ZERO)
    return None if parts == year else Gap("months", measure, year, parts, who)


def categories_gap(
    measure: str, who: str, year: Decimal, categories: Sequence[Decimal]
) -> Gap | None:
    """Optional: Σ the year's amounts by product category = the person's year."""
    if not categories:
        return None
    parts = sum(categories, ZERO)
    return None if parts == year else Gap("categories", measure, year, parts, who)


def quarters(months: Sequence[Decimal]) -> list[Decimal]:
    """The four quarters of twelve monthly amounts."""
    return [sum(months[q * 3 : q * 3 + 3], ZERO) for q in range(4)]
