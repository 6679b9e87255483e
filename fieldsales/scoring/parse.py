"""Reading D6's facts JSON into `Facts`, refusing what department.md does not allow."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fieldsales.scoring.errors import FactsError
from fieldsales.scoring.facts import QUARTER, Facts, Incidents, quarter_dates
from fieldsales.scoring.money import DECIMAL, fen
from fieldsales.scoring.params import DEFAULT_SCORING_PARAMS, ScoringParams

__all__ = ["FACT_KEYS", "INCIDENT_KEYS", "parse_decimal", "parse_facts", "parse_money"]

FACT_KEYS = (
    "quarter",
    "sales",
    "sales_target",
    "sales_last_year",
    "collected",
    "due",
    "new_customers",
    "satisfaction",
    "expenses",
    "incidents",
    "manager_points",
)
INCIDENT_KEYS = ("late_reports", "absent_days", "missing_logs", "missed_duty")
MONEY_DIGITS = 10  # DecimalField(max_digits=12, decimal_places=2)
_MISSING = object()


def _show(value: object) -> str:
    """A short, one-line rendering of a refused value for the error message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _object(value: object, field: str, keys: tuple[str, ...]) -> Mapping[str, Any]:
    """A JSON object with exactly `keys` (none missing, none unknown)."""
    if not isinstance(value, Mapping):
        raise FactsError(field, "must be a JSON object")
    prefix = "" if field == "facts" else f"{field}."
    for key in keys:
        if key not in value:
            raise FactsError(f"{prefix}{key}", "is required")
    for key in value:
        if key not in keys:
            raise FactsError(f"{prefix}{key}", "is not a fact of the scorecard")
    return value


def parse_decimal(value: object, field: str, *, places: int | None = None) -> Decimal:
    """A non-negative decimal string ("0.03"); JSON numbers are refused: no binary float ever
    touches money or a ratio."""
    if isinstance(value, bool | int | float):
        raise FactsError(
            field, f'must be a decimal string like "1200.00", not the number {_show(value)}'
        )
    if not isinstance(value, str) or DECIMAL.fullmatch(value) is None:
        raise FactsError(field, f'must be a decimal string like "1200.00", not {_show(value)}')
    number = Decimal(value)
    if value.startswith("-"):
        raise FactsError(field, f"must not be negative ({value})")
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # the pattern admits finite numbers only
    if places is not None and -exponent > places:
        raise FactsError(field, f"has more than {places} decimal places ({value})")
    return number


def parse_money(value: object, field: str) -> Decimal:
    """Money: a non-negative decimal string with at most 2 decimals, to the fen."""
    amount = parse_decimal(value, field, places=2)
    if amount >= Decimal(10) ** MONEY_DIGITS:
        raise FactsError(field, f"is too large ({value})")
    return fen(amount)


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FactsError(field, f"must be a non-negative whole number, not {_show(value)}")
    return value


def _quarter(value: object) -> str:
    if isinstance(value, str) and QUARTER.fullmatch(value) is not None:
        try:
            quarter_dates(value)
        except ValueError:
            pass
        else:
            return value
    raise FactsError("quarter", f"must be a quarter written like 2026Q1, not {_show(value)}")


def _satisfaction(value: object) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        raise FactsError("satisfaction", "must be a list of scores 1 to 4")
    scores = []
    for index, score in enumerate(value):
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 4:
            raise FactsError(
                f"satisfaction[{index}]", f"must be a score 1 to 4, not {_show(score)}"
            )
        scores.append(score)
    return tuple(scores)


def _manager_points(value: object, params: ScoringParams) -> Decimal | None:
    if value is None:
        return None
    points = parse_decimal(value, "manager_points", places=2)
    if points > params.w_manager:
        raise FactsError(
            "manager_points", f"{value} is above the manager's weight {params.w_manager}"
        )
    return fen(points)


def parse_facts(data: Mapping[str, Any], params: ScoringParams = DEFAULT_SCORING_PARAMS) -> Facts:
    """D6's facts JSON (already decoded) as `Facts`; FactsError names the first bad field."""
    obj = _object(data, "facts", FACT_KEYS)
    quarter = _quarter(obj["quarter"])
    sales = parse_money(obj["sales"], "sales")
    sales_target = parse_money(obj["sales_target"], "sales_target")
    if sales_target == 0:
        raise FactsError("sales_target", "a sales target of 0 cannot be scored")
    sales_last_year = parse_money(obj["sales_last_year"], "sales_last_year")
    collected = parse_money(obj["collected"], "collected")
    due = parse_money(obj["due"], "due")
    new_customers = _count(obj["new_customers"], "new_customers")
    satisfaction = _satisfaction(obj["satisfaction"])
    expenses = parse_money(obj["expenses"], "expenses")
    raw_incidents = _object(obj["incidents"], "incidents", INCIDENT_KEYS)
    incidents = Incidents(
        late_reports=_count(raw_incidents["late_reports"], "incidents.late_reports"),
        absent_days=_count(raw_incidents["absent_days"], "incidents.absent_days"),
        missing_logs=_count(raw_incidents["missing_logs"], "incidents.missing_logs"),
        missed_duty=_count(raw_incidents["missed_duty"], "incidents.missed_duty"),
    )
    return Facts(
        quarter=quarter,
        sales=sales,
        sales_target=sales_target,
        sales_last_year=sales_last_year,
        collected=collected,
        due=due,
        new_customers=new_customers,
        satisfaction=satisfaction,
        expenses=expenses,
        incidents=incidents,
        manager_points=_manager_points(obj["manager_points"], params),
    )
