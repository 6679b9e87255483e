"""JSON shapes of D6: the facts, the scorecard (the CLI's output) and a --params file."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fieldsales.scoring.engine import IndicatorScore, Scorecard
from fieldsales.scoring.errors import FactsError
from fieldsales.scoring.facts import Facts
from fieldsales.scoring.money import DECIMAL, ZERO, money_str, ratio_str
from fieldsales.scoring.params import (
    DEFAULT_SCORING_PARAMS,
    INDICATOR_KEYS,
    WEIGHTS_TOTAL,
    ScoringParams,
)
from fieldsales.scoring.parse import parse_decimal

__all__ = [
    "facts_as_dict",
    "params_as_dict",
    "params_from_dict",
    "scorecard_as_dict",
    "scorecard_from_dict",
]

_PARAMS = tuple(field.name for field in dataclasses.fields(ScoringParams))
_POSITIVE = ("ratio_cap", "new_customer_target")


def facts_as_dict(facts: Facts) -> dict[str, Any]:
    """Facts as D6's JSON (money as strings to the fen): parse_facts reads it back equal."""
    return {
        "quarter": facts.quarter,
        "sales": money_str(facts.sales),
        "sales_target": money_str(facts.sales_target),
        "sales_last_year": money_str(facts.sales_last_year),
        "collected": money_str(facts.collected),
        "due": money_str(facts.due),
        "new_customers": facts.new_customers,
        "satisfaction": list(facts.satisfaction),
        "expenses": money_str(facts.expenses),
        "incidents": {
            "late_reports": facts.incidents.late_reports,
            "absent_days": facts.incidents.absent_days,
            "missing_logs": facts.incidents.missing_logs,
            "missed_duty": facts.incidents.missed_duty,
        },
        "manager_points": None if facts.manager_points is None else money_str(facts.manager_points),
    }


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _indicator_as_dict(line: IndicatorScore, explain: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"key": line.key, "weight": money_str(line.weight)}
    if explain:
        out["target"] = _plain(line.target)
        out["actual"] = _plain(line.actual)
    if line.excluded:
        points: str | None = "0"
    else:
        points = None if line.points is None else money_str(line.points)
    out["ratio"] = None if line.ratio is None else ratio_str(line.ratio)
    out["points"] = points
    out["excluded"] = line.excluded
    return out


def scorecard_as_dict(card: Scorecard, explain: bool = False) -> dict[str, Any]:
    """The CLI's JSON (department.md D6's examples). Each indicator carries key, weight, ratio,
    points, excluded; `explain=True` adds what the ratio compares (target, actual)."""
    return {
        "quarter": card.quarter,
        "indicators": [_indicator_as_dict(line, explain) for line in card.indicators],
        "total": money_str(card.total),
        "grade": card.grade,
        "bonus": money_str(card.bonus),
        "provisional": card.provisional,
    }


def _stored(value: object, field: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str) or DECIMAL.fullmatch(value) is None:
        raise FactsError(field, f"must be a decimal string, not {value!r}", rule="")
    return Decimal(value)


def scorecard_from_dict(data: Mapping[str, Any]) -> Scorecard:
    """A stored scorecard (scorecard_as_dict's JSON, with or without explain) read back as
    the engine returned it (an excluded indicator's points "0" as 0.00; target and actual None
    when not stored), so a frozen scorecard renders without scoring again."""
    lines = []
    for index, raw in enumerate(data["indicators"]):
        field = f"indicators[{index}]"
        excluded = raw["excluded"] is True
        points = _stored(raw["points"], f"{field}.points")
        lines.append(
            IndicatorScore(
                key=str(raw["key"]),
                weight=_stored(raw["weight"], f"{field}.weight") or ZERO,
                target=_stored(raw.get("target"), f"{field}.target"),
                actual=_stored(raw.get("actual"), f"{field}.actual"),
                ratio=_stored(raw["ratio"], f"{field}.ratio"),
                points=ZERO if excluded else points,
                excluded=excluded,
            )
        )
    return Scorecard(
        quarter=str(data["quarter"]),
        indicators=tuple(lines),
        total=_stored(data["total"], "total") or ZERO,
        grade=str(data["grade"]),
        bonus=_stored(data["bonus"], "bonus") or ZERO,
        provisional=data["provisional"] is True,
    )


def params_from_dict(
    data: Mapping[str, object], *, base: ScoringParams = DEFAULT_SCORING_PARAMS
) -> ScoringParams:
    """Parameters from a --params JSON object: `base` with the given ones changed (decimal
    strings); checked like a department version (weights add up to 100, cap and new-customer
    target above 0, grades A ≥ B ≥ C)."""
    if not isinstance(data, Mapping):
        raise FactsError("params", "must be a JSON object")
    changes: dict[str, Decimal] = {}
    for key, value in data.items():
        field = f"params.{key}"
        if key not in _PARAMS:
            raise FactsError(field, "is not a scorecard parameter")
        changes[key] = parse_decimal(value, field)
    params = dataclasses.replace(base, **changes)
    total = params.weights_total()
    if total != WEIGHTS_TOTAL:
        raise FactsError("params.w_sales", f"the weights must add up to 100, not {total}")
    for key in _POSITIVE:
        if getattr(params, key) <= 0:
            raise FactsError(f"params.{key}", "must be above 0")
    if not params.grade_a >= params.grade_b >= params.grade_c:
        raise FactsError("params.grade_a", "the grades must be A ≥ B ≥ C")
    return params


def params_as_dict(params: ScoringParams) -> dict[str, str]:
    """Parameters as a --params JSON object (decimal strings)."""
    return {key: format(getattr(params, key), "f") for key in _PARAMS}


assert all(f"w_{key}" in _PARAMS for key in INDICATOR_KEYS)
