"""Shared steps of the showroom duty tests (D8): a clock the tests set (django.utils.timezone's
`now`, which every service and page reads), and October 2026 (National Day: Fri 10-02, Mon 10-05
and Wed 10-07 are holidays) as the month on the rota."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)
# Mon/Wed/Fri of October 2026 that are working days (10-02, 10-05, 10-07 are holidays).
OCTOBER_DUTY_DAYS = [date(2026, 10, d) for d in (9, 12, 14, 16, 19, 21, 23, 26, 28, 30)]


class Clock:
    def __init__(self) -> None:
        self.at = timezone.make_aware(datetime.combine(date(2026, 9, 28), time(10, 0)))

    def set(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        self.at = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        return self.at


def start_clock(monkeypatch) -> Clock:
    """The moment the app believes it is (Mon 2026-09-28 10:00 until set); each test module's
    `clock` fixture calls this."""
    current = Clock()
    monkeypatch.setattr(timezone, "now", lambda: current.at)
    return current


def generate(api, department_id: int, month: date = OCTOBER, who: str = "head"):
    return api(who).post(
        "/api/duty/generate/",
        {"department": department_id, "month": f"{month:%Y-%m}"},
        format="json",
    )


def rota(api, department_id: int, month: date = OCTOBER) -> list[dict]:
    made = generate(api, department_id, month)
    assert made.status_code == 201, made.json()
    return made.json()["results"]


def shift_of(shifts: list[dict], user) -> dict:
    return next(s for s in shifts if s["person"]["id"] == user.pk)
