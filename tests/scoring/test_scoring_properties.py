"""Properties of D6's scorecard over any facts and any valid parameters (hypothesis)."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_support import cli

from fieldsales.scoring import (
    INDICATOR_KEYS,
    RESULT_KEYS,
    ScoringParams,
    effective_weights,
    evaluate,
    facts_as_dict,
    fen,
    params_as_dict,
    parse_facts,
    printed_weights,
    scorecard_as_dict,
    scorecard_from_dict,
)

settings.register_profile("scoring", max_examples=150, deadline=None)
PROFILE = settings.get_profile("scoring")


def _cents(low: int = 0, high: int = 10**12 - 1) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda c: f"{c // 100}.{c % 100:02d}")


@st.composite
def weights(draw) -> dict[str, Decimal]:
    """Eight non-negative weights to the cent adding up to 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 10000), min_size=7, max_size=7)))
    bounds = [0, *cuts, 10000]
    return {
        f"w_{key}": Decimal(bounds[i + 1] - bounds[i]) / 100 for i, key in enumerate(INDICATOR_KEYS)
    }


@st.composite
def params(draw) -> ScoringParams:
    four = st.integers(1, 30000).map(lambda n: Decimal(n) / 10000)
    return ScoringParams(
        **draw(weights()),
        ratio_cap=draw(four),
        new_customer_target=Decimal(draw(st.integers(1, 2000))) / 100,
        expense_ratio_target=draw(four),
        discipline_step=draw(four),
        bonus_rate=draw(four),
    )


def facts_data(manager_max: Decimal = Decimal(10)) -> st.SearchStrategy[dict]:
    small = st.integers(0, 50)
    maybe_zero = st.one_of(st.just("0.00"), _cents())
    return st.fixed_dictionaries(
        {
            "quarter": st.builds(
                lambda y, q: f"{y:04d}Q{q}", st.integers(1, 9999), st.integers(1, 4)
            ),
            "sales": maybe_zero,
            "sales_target": _cents(1),
            "sales_last_year": maybe_zero,
            "collected": maybe_zero,
            "due": maybe_zero,
            "new_customers": small,
            "satisfaction": st.lists(st.integers(1, 4), max_size=30),
            "expenses": maybe_zero,
            "incidents": st.fixed_dictionaries(
                dict.fromkeys(("late_reports", "absent_days", "missing_logs", "missed_duty"), small)
            ),
            "manager_points": st.one_of(
                st.none(),
                st.integers(0, int(manager_max * 100)).map(lambda c: str(fen(Decimal(c) / 100))),
            ),
        }
    )


@st.composite
def scored(draw):
    p = draw(params())
    data = draw(facts_data(p.w_manager))
    facts = parse_facts(data, p)
    return p, facts, evaluate(facts, p)


@PROFILE
@given(scored())
def test_d6_points_never_above_effective_weight_times_the_cap(case):
    p, facts, card = case
    excluded = frozenset(line.key for line in card.indicators if line.excluded)
    exact = effective_weights(p, excluded)
    exact |= {"discipline": Fraction(p.w_discipline)}
    for line in card.indicators:
        if line.key == "manager":
            assert line.points is None or 0 <= line.points <= p.w_manager
            continue
        assert line.points is not None and line.points >= 0
        assert line.points <= fen(exact[line.key] * Fraction(p.ratio_cap))
        # the printed weight is the exact one to within a cent (largest remainder)
        assert abs(Fraction(line.weight) - exact[line.key]) < Fraction(1, 100)
        assert line.points <= fen((line.weight + Decimal("0.01")) * p.ratio_cap)
        if line.ratio is not None:
            assert 0 <= line.ratio <= p.ratio_cap


@PROFILE
@given(scored())
def test_d6_printed_weights_add_up_to_the_configured_total(case):
    p, _, card = case
    assert sum(line.weight for line in card.indicators) == p.weights_total() == 100
    results = [line for line in card.indicators if line.key in RESULT_KEYS]
    assert sum(line.weight for line in results) == sum(p.weight(k) for k in RESULT_KEYS)
    assert all(line.weight == 0 for line in results if line.excluded)


@PROFILE
@given(params(), st.sets(st.sampled_from(RESULT_KEYS[1:])))
def test_d6_weights_add_up_whatever_is_excluded(p, excluded):
    shown = printed_weights(effective_weights(p, frozenset(excluded)))
    assert sum(shown.values()) == sum(p.weight(k) for k in RESULT_KEYS)
    assert all(shown[k] == 0 for k in excluded)


@PROFILE
@given(scored())
def test_d6_total_is_the_sum_of_points_plus_manager(case):
    p, facts, card = case
    results = sum(
        (line.points or 0 for line in card.indicators if line.key != "manager"), Decimal(0)
    )
    manager = facts.manager_points or Decimal(0)
    assert card.total == results + manager
    assert card.provisional == (facts.manager_points is None)
    assert card.grade == (
        "A" if card.total >= p.grade_a else "B" if card.total >= p.grade_b
        else "C" if card.total >= p.grade_c else "D"
    )  # fmt: skip
    if facts.sales < facts.sales_target:
        assert card.bonus == 0
    else:
        assert card.bonus == fen(
            Fraction(facts.collected) * Fraction(p.bonus_rate) * Fraction(card.total) / 100
        )


@PROFILE
@given(scored())
def test_d6_facts_round_trip(case):
    p, facts, _ = case
    data = facts_as_dict(facts)
    assert parse_facts(data, p) == facts
    assert facts_as_dict(parse_facts(json.loads(json.dumps(data)), p)) == data


@settings(max_examples=40, deadline=None)
@given(case=scored())
def test_d6_cli_prints_the_scorecard(tmp_path_factory, case):
    p, facts, card = case
    path = tmp_path_factory.mktemp("params") / "params.json"
    path.write_text(json.dumps(params_as_dict(p)))
    code, out, err = cli(["evaluate", "-", "--params", str(path)], json.dumps(facts_as_dict(facts)))
    assert (code, err) == (0, "")
    assert json.loads(out) == scorecard_as_dict(card)


@PROFILE
@given(scored())
def test_d6_stored_scorecard_reads_back(case):
    _, _, card = case
    stored = json.loads(json.dumps(scorecard_as_dict(card, explain=True)))
    assert scorecard_from_dict(stored) == card
    plain = scorecard_from_dict(scorecard_as_dict(card))
    assert scorecard_as_dict(plain) == scorecard_as_dict(card)
