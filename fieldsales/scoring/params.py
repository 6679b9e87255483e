"""The scorecard's parameters (department.md D6: `name` = default), the defaults of a new
department policy version; the app builds them from the version in force."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# The indicators in the order of the scorecard; the first six are the results (业绩), shared
# among themselves when one is excluded; discipline and the manager's points stand alone.
RESULT_KEYS = ("sales", "collection", "new_customers", "growth", "satisfaction", "expense")
INDICATOR_KEYS = (*RESULT_KEYS, "discipline", "manager")
WEIGHTS_TOTAL = Decimal(100)


@dataclass(frozen=True)
class ScoringParams:
    w_sales: Decimal = Decimal(30)
    w_collection: Decimal = Decimal(15)
    w_new_customers: Decimal = Decimal(10)
    w_growth: Decimal = Decimal(10)
    w_satisfaction: Decimal = Decimal(10)
    w_expense: Decimal = Decimal(5)
    w_discipline: Decimal = Decimal(10)
    w_manager: Decimal = Decimal(10)
    ratio_cap: Decimal = Decimal("1.2")
    new_customer_target: Decimal = Decimal(3)
    expense_ratio_target: Decimal = Decimal("0.03")
    discipline_step: Decimal = Decimal("0.2")
    bonus_rate: Decimal = Decimal("0.01")
    grade_a: Decimal = Decimal(100)
    grade_b: Decimal = Decimal(85)
    grade_c: Decimal = Decimal(70)

    def weight(self, key: str) -> Decimal:
        """The configured weight of an indicator (`sales` ... `manager`)."""
        value: Decimal = getattr(self, f"w_{key}")
        return value

    def weights_total(self) -> Decimal:
        return sum((self.weight(key) for key in INDICATOR_KEYS), Decimal(0))


DEFAULT_SCORING_PARAMS = ScoringParams()
