"""The quarterly scorecard of department.md D6: facts in, a scorecard out (pure, exact).

Every figure is computed exactly (fractions) and rounded once, half-up, where it is printed:
a ratio to 4 places, points to 0.01 per indicator from the exact effective weight times the
exact (limited) ratio, the bonus to the fen. The printed effective weights are rounded by the
largest remainder, so they add up to the configured weights to the cent."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from fieldsales.scoring.errors import FactsError
from fieldsales.scoring.facts import Facts
from fieldsales.scoring.money import ZERO, fen, half_up
from fieldsales.scoring.params import (
    DEFAULT_SCORING_PARAMS,
    INDICATOR_KEYS,
    RESULT_KEYS,
    ScoringParams,
)

__all__ = [
    "GRADES",
    "IndicatorScore",
    "Scorecard",
    "effective_weights",
    "evaluate",
    "grade_of",
    "printed_weights",
]

GRADES = ("A", "B", "C", "D")
SATISFIED = 3  # 满意 on a 1-4 scale: satisfied on average is full marks


@dataclass(frozen=True)
class IndicatorScore:
    """One line of the scorecard. `weight` is the effective weight as printed (to 0.01);
    `target`/`actual` are what the ratio compares (None where there is nothing to show);
    `ratio` is the limited ratio to 4 places (None when excluded, and for `manager`);
    `points` None only for `manager` while provisional."""

    key: str
    weight: Decimal
    target: Decimal | None
    actual: Decimal | None
    ratio: Decimal | None
    points: Decimal | None
    excluded: bool


@dataclass(frozen=True)
class Scorecard:
    quarter: str
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    grade: str
    bonus: Decimal
    provisional: bool

    def indicator(self, key: str) -> IndicatorScore:
        return next(line for line in self.indicators if line.key == key)


@dataclass(frozen=True)
class _Measure:
    """A results indicator's exact ratio before the cap (None: excluded) and what it compares."""

    ratio: Fraction | None
    target: Decimal | None
    actual: Decimal | None


def _limit(ratio: Fraction, cap: Decimal) -> Fraction:
    return min(max(ratio, Fraction(0)), Fraction(cap))


def _sales(facts: Facts, params: ScoringParams) -> _Measure:
    if facts.sales_target == 0:
        raise FactsError("sales_target", "a sales target of 0 cannot be scored")
    ratio = Fraction(facts.sales) / Fraction(facts.sales_target)
    return _Measure(ratio, facts.sales_target, facts.sales)


def _collection(facts: Facts, params: ScoringParams) -> _Measure:
    ratio = None if facts.due == 0 else Fraction(facts.collected) / Fraction(facts.due)
    return _Measure(ratio, facts.due, facts.collected)


def _new_customers(facts: Facts, params: ScoringParams) -> _Measure:
    if params.new_customer_target <= 0:
        raise FactsError("new_customer_target", "a new-customer target of 0 cannot be scored")
    ratio = Fraction(facts.new_customers) / Fraction(params.new_customer_target)
    return _Measure(ratio, params.new_customer_target, Decimal(facts.new_customers))


def _growth(facts: Facts, params: ScoringParams) -> _Measure:
    last = facts.sales_last_year
    ratio = None if last == 0 else Fraction(facts.sales) / Fraction(last)
    return _Measure(ratio, last, facts.sales)


def _satisfaction(facts: Facts, params: ScoringParams) -> _Measure:
    scores = facts.satisfaction
    if not scores:
        return _Measure(None, Decimal(SATISFIED), None)
    mean = Fraction(sum(scores), len(scores))
    return _Measure(mean / SATISFIED, Decimal(SATISFIED), half_up(mean, 2))


def _expense(facts: Facts, params: ScoringParams) -> _Measure:
    # target ÷ (expenses ÷ sales) = target × sales ÷ expenses; nothing spent is the cap.
    target = params.expense_ratio_target
    if facts.expenses == 0:
        return _Measure(Fraction(params.ratio_cap), target, half_up(0, 4))
    ratio = Fraction(target) * Fraction(facts.sales) / Fraction(facts.expenses)
    actual = (
        None if facts.sales == 0 else half_up(Fraction(facts.expenses) / Fraction(facts.sales), 4)
    )
    return _Measure(ratio, target, actual)


_RESULTS: dict[str, Callable[[Facts, ScoringParams], _Measure]] = {
    "sales": _sales,
    "collection": _collection,
    "new_customers": _new_customers,
    "growth": _growth,
    "satisfaction": _satisfaction,
    "expense": _expense,
}
assert tuple(_RESULTS) == RESULT_KEYS


def effective_weights(params: ScoringParams, excluded: frozenset[str]) -> dict[str, Fraction]:
    """The exact effective weight of every results indicator: an excluded one's weight is
    shared among the others in proportion to their weights (equally if theirs are all 0)."""
    total = sum((Fraction(params.weight(key)) for key in RESULT_KEYS), Fraction(0))
    kept = [key for key in RESULT_KEYS if key not in excluded]
    kept_total = sum((Fraction(params.weight(key)) for key in kept), Fraction(0))
    out = {key: Fraction(0) for key in RESULT_KEYS}
    for key in kept:
        if kept_total:
            out[key] = Fraction(params.weight(key)) * total / kept_total
        else:
            out[key] = total / len(kept)
    return out


def printed_weights(exact: dict[str, Fraction]) -> dict[str, Decimal]:
    """Weights to 0.01 by the largest remainder: they add up to the exact sum rounded to the
    cent (ties go to the indicator listed first)."""
    cents = {key: math.floor(value * 100) for key, value in exact.items()}
    goal = half_up(sum(exact.values(), Fraction(0)), 2)
    missing = int(goal * 100) - sum(cents.values())
    order = sorted(
        exact, key=lambda key: (-(exact[key] * 100 - cents[key]), list(exact).index(key))
    )
    for key in order[: max(missing, 0)]:
        cents[key] += 1
    return {key: half_up(Fraction(cents[key], 100), 2) for key in exact}


def grade_of(total: Decimal, params: ScoringParams) -> str:
    if total >= params.grade_a:
        return "A"
    if total >= params.grade_b:
        return "B"
    if total >= params.grade_c:
        return "C"
    return "D"


def evaluate(facts: Facts, params: ScoringParams = DEFAULT_SCORING_PARAMS) -> Scorecard:
    """The scorecard of D6 for `facts` under `params` (FactsError for a sales target of 0)."""
    measures = {key: measure(facts, params) for key, measure in _RESULTS.items()}
    excluded = frozenset(key for key, m in measures.items() if m.ratio is None)
    exact = effective_weights(params, excluded)
    shown = printed_weights(exact)
    lines: list[IndicatorScore] = []
    for key in RESULT_KEYS:
        m = measures[key]
        if m.ratio is None:
            lines.append(IndicatorScore(key, shown[key], m.target, m.actual, None, ZERO, True))
            continue
        ratio = _limit(m.ratio, params.ratio_cap)
        points = fen(exact[key] * ratio)
        lines.append(
            IndicatorScore(key, shown[key], m.target, m.actual, half_up(ratio, 4), points, False)
        )
    count = facts.incidents.total
    discipline = _limit(1 - Fraction(params.discipline_step) * count, params.ratio_cap)
    lines.append(
        IndicatorScore(
            "discipline",
            fen(params.w_discipline),
            Decimal(0),
            Decimal(count),
            half_up(discipline, 4),
            fen(Fraction(params.w_discipline) * discipline),
            False,
        )
    )
    provisional = facts.manager_points is None
    manager = None if facts.manager_points is None else fen(facts.manager_points)
    lines.append(
        IndicatorScore("manager", fen(params.w_manager), None, manager, None, manager, False)
    )
    assert tuple(line.key for line in lines) == INDICATOR_KEYS
    total = fen(sum((line.points or ZERO for line in lines), ZERO))
    meets_target = measures["sales"].ratio is not None and measures["sales"].ratio >= 1
    bonus = (
        fen(Fraction(facts.collected) * Fraction(params.bonus_rate) * Fraction(total) / 100)
        if meets_target
        else ZERO
    )
    return Scorecard(
        quarter=facts.quarter,
        indicators=tuple(lines),
        total=total,
        grade=grade_of(total, params),
        bonus=bonus,
        provisional=provisional,
    )
