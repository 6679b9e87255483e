"""Quarters as D6 names them ("2026Q3"): parsing, their first and last days, the last
complete quarter before a day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER_FORMAT = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    @property
    def months(self) -> tuple[int, int, int]:
        first = 3 * self.number - 2
        return (first, first + 1, first + 2)

    def last_year(self) -> Quarter:
        return Quarter(self.year - 1, self.number)

    def __str__(self) -> str:
        return self.label


def parse_quarter(text: object) -> Quarter | None:
    """ "2026Q3" (case and spaces forgiven) as a Quarter; None when it is not one."""
    if not isinstance(text, str):
        return None
    found = QUARTER_FORMAT.match(text.strip().upper())
    if found is None:
        return None
    year = int(found.group(1))
    if not 2000 <= year <= 2100:
        return None
    return Quarter(year, int(found.group(2)))


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def last_complete(day: date) -> Quarter:
    """The last quarter that ended before `day` (2026-12-04 → 2026Q3)."""
    return quarter_of(quarter_of(day).start - timedelta(days=1))
