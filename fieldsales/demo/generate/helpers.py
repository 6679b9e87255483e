"""Small helpers every generator part may use: past timestamps kept through bulk inserts, a
day and hour made aware, amounts rounded to the cent, and a clock that logs each step's time."""

from __future__ import annotations

import time as time_module
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils import timezone

from fieldsales.demo.generate import Context

CENT = Decimal("0.01")


@contextmanager
def explicit_times(*models_: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts keep the past `created_at`/`updated_at`/`at` the rows carry (the
    auto_now fields would stamp every generated row with now)."""
    fields = [
        f
        for model in models_
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


class Clock:
    """Logs how long each step of a part took (the notes' measurements)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.last = time_module.monotonic()

    def __call__(self, step: str) -> None:
        now = time_module.monotonic()
        self.ctx.log(f"    {step}: {now - self.last:.1f} s")
        self.last = now


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
