"""A salesperson's facts for a quarter (department.md D6): what the app gathers, frozen."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

QUARTER = re.compile(r"(?P<year>[0-9]{4})Q(?P<q>[1-4])")


@dataclass(frozen=True)
class Incidents:
    """The quarter's discipline incidents (P7.1 late reports, P5.2/D7 absent days, D3 missing
    work logs, D8 missed showroom duty)."""

    late_reports: int
    absent_days: int
    missing_logs: int
    missed_duty: int

    @property
    def total(self) -> int:
        return self.late_reports + self.absent_days + self.missing_logs + self.missed_duty


@dataclass(frozen=True)
class Facts:
    """Money is Decimal to the fen; `manager_points` None means not given yet (provisional)."""

    quarter: str
    sales: Decimal
    sales_target: Decimal
    sales_last_year: Decimal
    collected: Decimal
    due: Decimal
    new_customers: int
    satisfaction: tuple[int, ...]
    expenses: Decimal
    incidents: Incidents
    manager_points: Decimal | None


def quarter_dates(quarter: str) -> tuple[date, date]:
    """The first and last day of a quarter written like `2026Q1`; ValueError otherwise."""
    match = QUARTER.fullmatch(quarter)
    if match is None:
        raise ValueError(quarter)
    year, q = int(match["year"]), int(match["q"])
    first = date(year, 3 * q - 2, 1)
    if q == 4:
        return first, date(year, 12, 31)
    return first, date(year, 3 * q + 1, 1) - timedelta(days=1)
