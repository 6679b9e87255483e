"""D4 periods: a week is Monday–Sunday, a month the calendar month; when each is due, and how a
month's target is prorated to a week by working days (Monday–Saturday: no holiday calendar
exists in the app yet). Pure: today and the parameters are arguments."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from fieldsales.core import workdays
from fieldsales.department.params import DepartmentParams

FEN = Decimal("0.01")
WEEKLY, MONTHLY = "weekly", "monthly"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month(day: date) -> date:
    return month_end(day) + timedelta(days=1)


def period_of(kind: str, day: date) -> tuple[date, date]:
    """The period of this kind that contains `day`."""
    if kind == WEEKLY:
        start = week_start(day)
        return start, start + timedelta(days=6)
    return month_start(day), month_end(day)


def previous_period(kind: str, start: date) -> date:
    if kind == WEEKLY:
        return start - timedelta(days=7)
    return month_start(start - timedelta(days=1))


def next_period(kind: str, start: date) -> date:
    return start + timedelta(days=7) if kind == WEEKLY else next_month(start)


def is_period_start(kind: str, day: date) -> bool:
    return day.weekday() == 0 if kind == WEEKLY else day.day == 1


def due_on(kind: str, start: date, params: DepartmentParams) -> datetime:
    """D4: the weekly report before the Saturday meeting of its week (Saturday 09:00), the
    monthly one by the end of the `monthly_report_due_day` of the next month. Naive local time."""
    if kind == WEEKLY:
        day = start + timedelta(days=params.weekly_report_due_weekday)
        return datetime.combine(day, params.weekly_report_due_time)  # noqa: DTZ001
    last = next_month(start)
    day = last.replace(
        day=min(params.monthly_report_due_day, calendar.monthrange(last.year, last.month)[1])
    )
    return datetime.combine(day + timedelta(days=1), time(0, 0))  # noqa: DTZ001


def is_working_day(day: date) -> bool:
    """Monday to Saturday less official holidays, plus make-up days (core.workdays)."""
    return workdays.is_working_day(day)


def working_days(start: date, end: date) -> int:
    """Working days in [start, end]."""
    days = (end - start).days + 1
    return sum(1 for i in range(max(days, 0)) if is_working_day(start + timedelta(days=i)))


def month_share(start: date, end: date) -> list[tuple[int, int, Decimal]]:
    """[(year, month, share)]: how much of each month's target [start, end] carries, as working
    days in the month within the period ÷ working days of the month."""
    shares = []
    day = start
    while day <= end:
        last = min(month_end(day), end)
        whole = working_days(month_start(day), month_end(day))
        part = working_days(day, last)
        shares.append(
            (day.year, day.month, Decimal(part) / Decimal(whole) if whole else Decimal(0))
        )
        day = last + timedelta(days=1)
    return shares


def prorate(months: dict[tuple[int, int], Decimal], start: date, end: date) -> Decimal:
    """The target of [start, end] from the monthly targets {(year, month): amount}, to the fen."""
    total = sum(
        (months.get((y, m), Decimal(0)) * share for y, m, share in month_share(start, end)),
        Decimal(0),
    )
    return total.quantize(FEN, rounding=ROUND_HALF_UP)
