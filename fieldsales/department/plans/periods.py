"""A plan's period (D2): the year, month, week (Monday to Sunday) or day that holds a date."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.utils.translation import gettext as _


def period_of(kind: str, day: date) -> tuple[date, date]:
    """(first day, last day) of the `kind` period holding `day` (sales plans: the month)."""
    if kind == "yearly":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if kind in ("monthly", "sales"):
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if kind == "weekly":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    return day, day


def period_label(kind: str, start: date) -> str:
    """How a page names the period: 2026年, 2026年12月, 2026年第49周（12月7日起）, 2026年12月7日."""
    if kind == "yearly":
        return _("%(y)d年") % {"y": start.year}
    if kind in ("monthly", "sales"):
        return _("%(y)d年%(m)d月") % {"y": start.year, "m": start.month}
    if kind == "weekly":
        year, week, _day = start.isocalendar()
        return _("%(y)d年第%(w)d周（%(m)d月%(d)d日起）") % {
            "y": year,
            "w": week,
            "m": start.month,
            "d": start.day,
        }
    return _("%(y)d年%(m)d月%(d)d日") % {"y": start.year, "m": start.month, "d": start.day}
