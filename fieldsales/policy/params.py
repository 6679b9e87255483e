"""The engine's parameters: every number the pricing rules of policy.md read, with the seed's
defaults.

What the app decides around the engine (the advance limit and one open advance, P2.3-P2.4; the
approval chains, P1.2, P2.2, P8.3) is a workflow setting of the app, not engine input: no role
name lives here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

HOME_REGION_CITIES = (
    "金华",
    "婺城",
    "金东",
    "兰溪",
    "义乌",
    "东阳",
    "永康",
    "武义",
    "浦江",
    "磐安",
)


@dataclass(frozen=True)
class PolicyParams:
    """One policy version's pricing parameters; the defaults are the 2012-03-31 policy."""

    # The version's identity: `name` is reported as `policy_version`, `effective_from` lets
    # the caller pick the version in force (the engine never reads the clock).
    name: str = "default-2012-03-31"
    effective_from: date = date(2012, 3, 31)
    # Where the company is (P3 scope, P4.5, P4.6).
    home_province: str = "浙江"
    home_region: str = "金华"
    home_region_cities: tuple[str, ...] = HOME_REGION_CITIES
    local_cities: tuple[str, ...] = ("浦江", "义乌")
    # P3 allowance per trip day.
    allowance_day_trip_in: Decimal = Decimal("15.00")
    allowance_overnight_in: Decimal = Decimal("100.00")
    allowance_out: Decimal = Decimal("130.00")
    # P4.1 a hard sleeper is within standard from this continuous ride time.
    sleeper_min_hours: Decimal = Decimal("10")
    # P5 trip length.
    paid_days_in: int = 2
    paid_days_out: int = 3
    absence_after_in: int = 4
    absence_after_out: int = 5
    # Reading of P5.1: tickets stay reimbursable beyond the paid days.
    tickets_beyond_paid_days: bool = True
    # P6.
    max_trips_per_customer: int = 2
    entertainment_min_order: Decimal = Decimal("10000.00")
    entertainment_rate: Decimal = Decimal("0.02")
    # P7.1.
    report_due_days: int = 3

    def replace(self, **changes: Any) -> PolicyParams:
        """A copy with some parameters changed."""
        return dataclasses.replace(self, **changes)


DEFAULT_POLICY = PolicyParams()
