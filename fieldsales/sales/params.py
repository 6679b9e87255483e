"""The sales policy's parameters (selling.md): pure Python, the defaults of a new version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class SalesParams:
    name: str
    effective_from: date
    major_amount: Decimal  # S3.2, S4.2, S5.2: an inquiry, quote or order this large is major
    deep_discount_pct: Decimal  # S4.2: a line further below market than this goes to the GM
    entertainment_wait_days: int  # S7.3: an order signed this long after the trip still counts


DEFAULT_SALES_PARAMS = SalesParams(
    name="销售制度（默认）",
    effective_from=date(2012, 3, 31),
    major_amount=Decimal("500000.00"),
    deep_discount_pct=Decimal("15.0"),
    entertainment_wait_days=180,
)
