"""Dates as a Chinese form writes them: 2026年3月8日, 自…至… 共 N 天."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def cn_date(value: date | datetime | None) -> str:
    """`2026年3月8日`, a datetime read in the business time zone; "" for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return f"{value.year}年{value.month}月{value.day}日"


def cn_span(start: date, end: date) -> str:
    """`自2026年3月8日至2026年3月9日 共 2 天`: both days count (forms.md 出差时间)."""
    return f"自{cn_date(start)}至{cn_date(end)} 共 {(end - start).days + 1} 天"


def month_day(value: str | date | None) -> tuple[str, str]:
    """The 月 and 日 columns of a detail table, from a date or an ISO string; blanks for none."""
    if not value:
        return "", ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return str(day.month), str(day.day)
