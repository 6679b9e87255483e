"""The dashboard's period: a month (2026-11), a quarter (2026-Q4) or a year (2026)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 2000, 2100
_PATTERN = re.compile(r"(\d{4})(?:-(?:(\d{2})|[Qq]([1-4])))?")


class BadPeriod(ValueError):
    """The text is not a period (the API answers 400 naming `period`)."""


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    kind: str  # "month", "quarter", "year"
    year: int
    number: int  # the month (1–12), the quarter (1–4); 0 for a year

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return f"{self.year}"

    @property
    def months(self) -> list[int]:
        """The months (1–12) of the year the period covers."""
        if self.kind == "month":
            return [self.number]
        if self.kind == "quarter":
            return [3 * (self.number - 1) + m for m in (1, 2, 3)]
        return list(range(1, 13))

    @property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        return month_end(date(self.year, self.months[-1], 1))

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("%(year)s年%(month)s月") % {"year": self.year, "month": self.number}
        if self.kind == "quarter":
            return _("%(year)s年第%(quarter)s季度") % {"year": self.year, "quarter": self.number}
        return _("%(year)s年") % {"year": self.year}

    def siblings(self) -> list[Period]:
        """The selector's choices: the same kind around this one, and the other kinds."""
        if self.kind == "month":
            return [Period("month", self.year, m) for m in range(1, 13)]
        if self.kind == "quarter":
            return [Period("quarter", self.year, q) for q in range(1, 5)]
        return [Period("year", y, 0) for y in range(self.year - 2, self.year + 1)]


def current(today: date, kind: str = "month") -> Period:
    if kind == "quarter":
        return Period("quarter", today.year, (today.month - 1) // 3 + 1)
    if kind == "year":
        return Period("year", today.year, 0)
    return Period("month", today.year, today.month)


def parse(text: str | None, *, today: date) -> Period:
    """The period the text names; empty: this month. BadPeriod for anything else."""
    if text is None or text == "":
        return current(today)
    found = _PATTERN.fullmatch(text.strip()) if text.isascii() else None
    if found is None:
        raise BadPeriod(_("期间须为 YYYY、YYYY-MM 或 YYYY-Q1…Q4，如 2026-11、2026-Q4、2026"))
    year = int(found.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadPeriod(
            _("年份须在 %(first)s 至 %(last)s 之间") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if found.group(2) is not None:
        month = int(found.group(2))
        if not 1 <= month <= 12:
            raise BadPeriod(_("月份须在 01 至 12 之间"))
        return Period("month", year, month)
    if found.group(3) is not None:
        return Period("quarter", year, int(found.group(3)))
    return Period("year", year, 0)
