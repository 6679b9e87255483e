"""The Saturday meeting's calendar (D5), pure: which Saturday, which days are "last week"
(reviewed) and "next week" (planned), and when the reminder goes out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

SATURDAY = 5
MEETING_TIME = time(9, 0)  # 周六上午 9:00 (拜访新客户与回访老客户流程)
REMINDER_FROM = time(12, 0)  # Friday afternoon


def is_saturday(day: date) -> bool:
    return day.weekday() == SATURDAY


def this_saturday(today: date) -> date:
    """The meeting of this week: today when Saturday, else the coming Saturday (Sunday: the
    next one)."""
    return today + timedelta(days=(SATURDAY - today.weekday()) % 7)


def last_week(saturday: date) -> tuple[date, date]:
    """The week the meeting reviews: Sunday to the meeting's Saturday (Mon–Sat at work), so
    one meeting's "next week" is exactly the following meeting's "last week"."""
    return saturday - timedelta(days=6), saturday


def next_week(saturday: date) -> tuple[date, date]:
    """The week the meeting plans: the Sunday after to the next Saturday."""
    return saturday + timedelta(days=1), saturday + timedelta(days=7)


def reminder_window(saturday: date) -> tuple[datetime, datetime]:
    """Friday 12:00 to Saturday 09:00 (naive local times): the reminder goes out in it."""
    friday = saturday - timedelta(days=1)
    return datetime.combine(friday, REMINDER_FROM), datetime.combine(saturday, MEETING_TIME)
