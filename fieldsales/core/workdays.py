"""Working days (D3, D7): Monday to Saturday, less China's official holidays, plus the make-up
working days (调休) on a weekend, from the maintained `chinesecalendar` package (not typed in).
Pure Python: no Django, no clock. A year the package has no data for yet falls back to Monday
to Saturday."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import chinese_calendar

SUNDAY = 6
ONE_DAY = timedelta(days=1)


def _years() -> frozenset[int]:
    days = list(chinese_calendar.holidays) + list(chinese_calendar.workdays)
    return frozenset(d.year for d in days)


_YEARS = _years()


def is_working_day(day: date) -> bool:
    """D7: Mon–Sat, not an official holiday; a make-up Sunday (调休) is a working day."""
    if day.year in _YEARS:
        if day in chinese_calendar.holidays and chinese_calendar.holidays[day] is not None:
            return False  # an official holiday, whatever the weekday
        if day.weekday() == SUNDAY and chinese_calendar.workdays.get(day) is not None:
            return True  # a make-up working day
    return day.weekday() != SUNDAY


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    following = day + ONE_DAY
    while not is_working_day(following):
        following += ONE_DAY
    return following


def previous_working_day(day: date) -> date:
    """The last working day before `day`."""
    earlier = day - ONE_DAY
    while not is_working_day(earlier):
        earlier -= ONE_DAY
    return earlier


def working_days(start: date, end: date) -> Iterator[date]:
    """The working days from `start` to `end`, both included."""
    day = start
    while day <= end:
        if is_working_day(day):
            yield day
        day += ONE_DAY
