"""`fieldsales generate`: a realistic company of any size, reproducibly, in bulk.

`full` is issue 15's company: 200 salespeople in 10 departments, 50,000 customers,
300,000 visits, 20,000 trips over three years, 30,000 orders and the rest in proportion;
`small` is a tenth of it and `tiny` a hundredth. The demo company (sales1, head, gm,
finance, admin, ...) is loaded first, so its users exist with their roles at every size,
and the generated documents give them a share of the data.

Each part (org, crm, trips, selling, department) is a module with `generate(ctx)`; they run
in `STEPS` order and hand each other what they made through the `Context`. Rows go in with
`ctx.bulk()` (bulk_create in batches): the services' rules are not replayed row by row,
so a part writes rows in states its workflow could have reached, with their audit and
approval rows where pages read them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models

# The full company: counts at size `full`; other sizes scale them (never below `MINIMUM`).
FULL: dict[str, int] = {
    "departments": 10,
    "salespeople": 200,
    "customers": 50_000,
    "contacts": 100_000,
    "opportunities": 30_000,
    "visits": 300_000,
    "service_requests": 5_000,
    "surveys": 20_000,
    "trips": 20_000,
    "inquiries": 3_000,
    "quotes": 10_000,
    "orders": 30_000,
    "products": 300,
}
SCALE = {"tiny": 0.01, "small": 0.1, "full": 1.0}
MINIMUM = {"departments": 2, "salespeople": 4, "products": 20}
YEARS = 3  # documents spread over the last three years
BATCH = 2000


@dataclass
class Context:
    """What the parts share: the size, the random source, and what earlier parts made."""

    size: str
    seed: int
    today: date
    rng: random.Random
    log: Callable[[str], None] = print
    # Filled by the org part.
    company: Any = None
    departments: list[Any] = field(default_factory=list)  # Department rows
    heads: dict[int, Any] = field(default_factory=dict)  # department id -> head User
    salespeople: list[Any] = field(default_factory=list)  # Users (demo's sales1/2 first)
    department_of: dict[int, int] = field(default_factory=dict)  # user id -> department id
    users: dict[str, Any] = field(default_factory=dict)  # demo users by username
    # Filled by later parts, for the parts after them (ids, to keep memory small).
    customers: list[tuple[int, int]] = field(default_factory=list)  # (customer id, owner id)
    extra: dict[str, Any] = field(default_factory=dict)

    def count(self, name: str) -> int:
        """The number of `name` at this size."""
        return max(MINIMUM.get(name, 1), round(FULL[name] * SCALE[self.size]))

    def bulk(self, model: type[models.Model], rows: Iterable[models.Model]) -> list[Any]:
        """Insert rows in batches; returns them with their ids (PostgreSQL and SQLite)."""
        made: list[Any] = []
        chunk: list[Any] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= BATCH:
                made += model.objects.bulk_create(chunk)  # type: ignore[attr-defined]
                chunk = []
        if chunk:
            made += model.objects.bulk_create(chunk)  # type: ignore[attr-defined]
        return made

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[self.rng.randrange(len(seq))]

    def day_in_past(self, *, days: int = 365 * YEARS) -> date:
        """A day within the last `days` days (today excluded)."""
        from datetime import timedelta

        return self.today - timedelta(days=self.rng.randint(1, days))


def timed(ctx: Context, name: str, part: Callable[[Context], None]) -> None:
    started = time.monotonic()
    part(ctx)
    ctx.log(f"  {name}: {time.monotonic() - started:.1f} s")
