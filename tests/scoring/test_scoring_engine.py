"""D6's indicators one by one: each ratio's formula, the cap, exclusion and the sharing of an
excluded weight, discipline, the manager's points, total, grade and bonus."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from scoring_support import facts, facts_dict

from fieldsales.scoring import (
    DEFAULT_SCORING_PARAMS,
    FactsError,
    Incidents,
    ScoringParams,
    effective_weights,
    evaluate,
    facts_as_dict,
    grade_of,
    parse_facts,
    printed_weights,
    quarter_dates,
    scorecard_as_dict,
)

D = Decimal


def _line(key: str, **changes):
    return evaluate(facts(**changes)).indicator(key)


# (indicator, facts' changes, ratio, points): default weights, nothing excluded.
RATIOS = [
    # sales = sales ÷ sales_target
    ("sales", {"sales": "1000000.00"}, "1.0000", "30.00"),
    ("sales", {"sales": "750000.00"}, "0.7500", "22.50"),
    ("sales", {"sales": "1200000.00"}, "1.2000", "36.00"),
    ("sales", {"sales": "2000000.00"}, "1.2000", "36.00"),  # capped
    ("sales", {"sales": "0.00"}, "0.0000", "0.00"),
    ("sales", {"sales": "333333.33"}, "0.3333", "10.00"),
    # collection = collected ÷ due
    ("collection", {"collected": "800000.00"}, "0.8000", "12.00"),
    ("collection", {"collected": "2000000.00"}, "1.2000", "18.00"),
    ("collection", {"collected": "0.00"}, "0.0000", "0.00"),
    # new_customers = new_customers ÷ new_customer_target (3)
    ("new_customers", {"new_customers": 0}, "0.0000", "0.00"),
    ("new_customers", {"new_customers": 1}, "0.3333", "3.33"),
    ("new_customers", {"new_customers": 2}, "0.6667", "6.67"),
    ("new_customers", {"new_customers": 3}, "1.0000", "10.00"),
    ("new_customers", {"new_customers": 9}, "1.2000", "12.00"),
    # growth = sales ÷ sales_last_year
    ("growth", {"sales_last_year": "1200000.00"}, "1.0000", "10.00"),
    ("growth", {"sales_last_year": "1600000.00"}, "0.7500", "7.50"),
    ("growth", {"sales_last_year": "900000.00"}, "1.2000", "12.00"),
    ("growth", {"sales": "0.00", "sales_last_year": "1.00"}, "0.0000", "0.00"),
    # satisfaction = mean ÷ 3
    ("satisfaction", {"satisfaction": [3]}, "1.0000", "10.00"),
    ("satisfaction", {"satisfaction": [1, 2]}, "0.5000", "5.00"),
    ("satisfaction", {"satisfaction": [2, 2, 3]}, "0.7778", "7.78"),
    ("satisfaction", {"satisfaction": [4, 4]}, "1.2000", "12.00"),  # 1.3333 capped
    ("satisfaction", {"satisfaction": [1]}, "0.3333", "3.33"),
    # expense = 0.03 ÷ (expenses ÷ sales)
    ("expense", {"expenses": "36000.00"}, "1.0000", "5.00"),
    ("expense", {"expenses": "72000.00"}, "0.5000", "2.50"),
    ("expense", {"expenses": "1.00"}, "1.2000", "6.00"),
    ("expense", {"expenses": "0.00"}, "1.2000", "6.00"),  # nothing spent: the cap
    ("expense", {"expenses": "0.00", "sales": "0.00"}, "1.2000", "6.00"),
    ("expense", {"expenses": "100.00", "sales": "0.00"}, "0.0000", "0.00"),  # spent, sold nothing
    # discipline = 1 − 0.2 × Σ incidents, at least 0
    ("discipline", {"incidents": {"late_reports": 0, "missing_logs": 0}}, "1.0000", "10.00"),
    ("discipline", {"incidents": {"late_reports": 1, "missing_logs": 0}}, "0.8000", "8.00"),
    ("discipline", {}, "0.4000", "4.00"),
    ("discipline", {"incidents": {"absent_days": 2}}, "0.0000", "0.00"),  # 5 incidents
    ("discipline", {"incidents": {"missed_duty": 40}}, "0.0000", "0.00"),  # floor at 0
    (
        "discipline",
        {"incidents": {"late_reports": 1, "absent_days": 1, "missing_logs": 1, "missed_duty": 1}},
        "0.2000",
        "2.00",
    ),
]


@pytest.mark.parametrize(
    ("key", "changes", "ratio", "points"),
    RATIOS,
    ids=[f"{r[0]}-{i}" for i, r in enumerate(RATIOS)],
)
def test_d6_ratio_and_points(key, changes, ratio, points):
    line = _line(key, **changes)

    assert (str(line.ratio), str(line.points), line.excluded) == (ratio, points, False)


# (indicator, facts' changes): each one excluded.
EXCLUSIONS = [
    ("collection", {"due": "0.00"}),
    ("collection", {"due": "0.00", "collected": "5000.00"}),
    ("growth", {"sales_last_year": "0.00"}),
    ("satisfaction", {"satisfaction": []}),
]


@pytest.mark.parametrize(("key", "changes"), EXCLUSIONS)
def test_d6_excluded_indicator_has_no_ratio_and_no_points(key, changes):
    card = evaluate(facts(**changes))
    line = card.indicator(key)
    printed = next(i for i in scorecard_as_dict(card)["indicators"] if i["key"] == key)

    assert (line.excluded, line.ratio, line.points, line.weight) == (True, None, D(0), D(0))
    assert printed == {"key": key, "weight": "0.00", "ratio": None, "points": "0", "excluded": True}


def test_d6_excluded_weight_is_shared_in_proportion_among_the_other_results():
    # collection's 15 of the results' 80 goes to the others in proportion: × 80/65.
    card = evaluate(facts(due="0.00"))
    weights = {line.key: str(line.weight) for line in card.indicators}

    assert weights == {
        "sales": "36.92",  # 30 × 80/65 = 36.923
        "collection": "0.00",
        "new_customers": "12.31",  # 12.3077
        "growth": "12.31",
        "satisfaction": "12.31",
        "expense": "6.15",  # 6.1538
        "discipline": "10.00",
        "manager": "10.00",
    }
    assert sum(line.weight for line in card.indicators) == D(100)
    # points from the exact weight: 30 × 80/65 × 1.2 = 44.3077 (36.92 × 1.2 would be 44.30)
    assert str(card.indicator("sales").points) == "44.31"


def test_d6_printed_weights_by_largest_remainder():
    # Three equal thirds of 80: 26.67 + 26.67 + 26.66, never 26.67 × 3 = 80.01.
    params = ScoringParams(
        w_sales=D("26.66"),
        w_collection=D("26.67"),
        w_new_customers=D("26.67"),
        w_growth=D(0),
        w_satisfaction=D(0),
        w_expense=D(0),
    )
    exact = effective_weights(params, frozenset({"growth"}))
    assert sum(printed_weights(exact).values()) == D(80)

    thirds = {"a": Fraction(80, 3), "b": Fraction(80, 3), "c": Fraction(80, 3)}
    assert printed_weights(thirds) == {"a": D("26.67"), "b": D("26.67"), "c": D("26.66")}


def test_d6_all_results_but_sales_excluded_gives_sales_the_80():
    card = evaluate(facts(due="0.00", sales_last_year="0.00", satisfaction=[]))
    assert str(card.indicator("sales").weight) == "53.33"  # new_customers and expense remain
    params = ScoringParams(
        w_sales=D(60), w_collection=D(20), w_new_customers=D(0), w_growth=D(0),
        w_satisfaction=D(0), w_expense=D(0),
    )  # fmt: skip
    card = evaluate(facts(params, due="0.00"), params)
    assert (str(card.indicator("sales").weight), str(card.indicator("sales").points)) == (
        "80.00",
        "96.00",
    )


def test_d6_excluded_weight_shared_equally_when_the_others_weigh_nothing():
    # A version may weigh sales 0; with collection its only weighted result excluded, the 80
    # goes to the results left in equal parts (D6 says nothing of this case: our reading).
    params = ScoringParams(
        w_sales=D(0), w_collection=D(80), w_new_customers=D(0), w_growth=D(0),
        w_satisfaction=D(0), w_expense=D(0),
    )  # fmt: skip
    card = evaluate(facts(params, due="0.00"), params)
    weights = [str(line.weight) for line in card.indicators[:6]]
    assert weights == ["16.00", "0.00", "16.00", "16.00", "16.00", "16.00"]


def test_d6_sales_target_of_0_cannot_be_scored():
    raw = parse_facts(facts_dict())
    zero = type(raw)(**{**raw.__dict__, "sales_target": D(0)})

    with pytest.raises(FactsError) as refused:
        evaluate(zero)
    assert (refused.value.field, refused.value.rule) == ("sales_target", "D6")
    assert str(refused.value) == "sales_target: D6: a sales target of 0 cannot be scored"

    with pytest.raises(FactsError, match="^sales_target: D6: "):
        parse_facts(facts_dict(sales_target="0.00"))


def test_d6_manager_points_stand_as_points():
    card = evaluate(facts(manager_points="7.25"))
    line = card.indicator("manager")

    assert (str(line.weight), line.ratio, str(line.points), line.excluded) == (
        "10.00",
        None,
        "7.25",
        False,
    )
    assert scorecard_as_dict(card)["indicators"][7]["points"] == "7.25"
    assert str(evaluate(facts(manager_points="0")).indicator("manager").points) == "0.00"
    assert str(evaluate(facts(manager_points="10")).indicator("manager").points) == "10.00"


def test_d6_provisional_without_manager_points():
    final = evaluate(facts())
    card = evaluate(facts(manager_points=None))

    assert (final.provisional, card.provisional) == (False, True)
    assert card.indicator("manager").points is None
    assert scorecard_as_dict(card)["indicators"][7]["points"] is None
    assert card.total == final.total - D("8.50") == D("88.67")
    # grade and bonus the same way, on the provisional total
    assert card.grade == "B"
    assert str(card.bonus) == "7093.60"  # 800000 × 0.01 × 88.67 ÷ 100


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("120.00", "A"),
        ("100.00", "A"),
        ("99.99", "B"),
        ("85.00", "B"),
        ("84.99", "C"),
        ("70.00", "C"),
        ("69.99", "D"),
        ("0.00", "D"),
    ],
)
def test_d6_grade_thresholds(total, grade):
    assert grade_of(D(total), DEFAULT_SCORING_PARAMS) == grade


def test_d6_grade_thresholds_come_from_the_params():
    params = ScoringParams(grade_a=D(90), grade_b=D(80), grade_c=D(60))
    assert [grade_of(D(t), params) for t in ("90", "89.99", "80", "60", "59.99")] == list("ABBCD")
    assert evaluate(facts(), params).grade == "A"  # 97.17


# (sales, sales_target, bonus): only when sales ÷ target before the cap is at least 1.
BONUS = [
    ("1200000.00", "1000000.00", "7773.60"),  # the example: ratio 1.2
    ("1000000.00", "1000000.00", None),  # exactly 1: a bonus
    ("999999.99", "1000000.00", "0.00"),  # just under: none
    ("5000000.00", "1000000.00", None),  # capped at 1.2 for points, still ≥ 1
    ("0.00", "1000000.00", "0.00"),
]


@pytest.mark.parametrize(("sales", "target", "bonus"), BONUS)
def test_d6_bonus_only_for_meeting_the_target(sales, target, bonus):
    card = evaluate(facts(sales=sales, sales_target=target))

    if bonus is None:  # collected × bonus_rate × total ÷ 100 to the fen
        expected = (D("800000.00") * D("0.01") * card.total / 100).quantize(D("0.01"))
        assert card.bonus == expected > 0
    else:
        assert str(card.bonus) == bonus


def test_d6_bonus_rounds_half_up_to_the_fen():
    # all 5000.00 collected: total 100.17; 5000.00 × 0.01 × 100.17 ÷ 100 = 50.085 → 50.09
    card = evaluate(facts(collected="5000.00", due="5000.00"))
    assert (str(card.total), str(card.bonus)) == ("100.17", "50.09")  # half-up, not to even


def test_d6_ratios_and_points_round_half_up():
    # 1 new customer of a target of 8: ratio 0.125, 10 × 0.125 = 1.25 exactly
    params = ScoringParams(new_customer_target=D(8))
    card = evaluate(facts(params, new_customers=1), params)
    assert str(card.indicator("new_customers").ratio) == "0.1250"
    assert str(card.indicator("new_customers").points) == "1.25"
    # expense 0.03 × 1200000 ÷ 1920000 = 0.01875 → "0.0188"; 5 × 0.01875 = 0.09375 → 0.09
    card = evaluate(facts(expenses="1920000.00"))
    assert str(card.indicator("expense").ratio) == "0.0188"
    assert str(card.indicator("expense").points) == "0.09"
    # satisfaction [1] of weight 10: 10 ÷ 3 = 3.333… → 3.33; [2]: 6.666… → 6.67
    assert str(evaluate(facts(satisfaction=[2])).indicator("satisfaction").points) == "6.67"


def test_d6_total_is_the_sum_of_points():
    card = evaluate(facts())
    assert card.total == sum(line.points for line in card.indicators if line.points is not None)
    assert str(card.total) == "97.17"


def test_d6_explain_adds_target_and_actual():
    card = evaluate(facts())
    plain = scorecard_as_dict(card)["indicators"]
    explained = scorecard_as_dict(card, explain=True)["indicators"]

    assert list(plain[0]) == ["key", "weight", "ratio", "points", "excluded"]
    assert list(explained[0]) == [
        "key",
        "weight",
        "target",
        "actual",
        "ratio",
        "points",
        "excluded",
    ]
    shown = {line["key"]: (line["target"], line["actual"]) for line in explained}
    assert shown == {
        "sales": ("1000000.00", "1200000.00"),
        "collection": ("1000000.00", "800000.00"),
        "new_customers": ("3", "2"),
        "growth": ("900000.00", "1200000.00"),
        "satisfaction": ("3", "3.67"),
        "expense": ("0.03", "0.0250"),
        "discipline": ("0", "3"),
        "manager": (None, "8.50"),
    }
    for a, b in zip(plain, explained, strict=True):
        assert a == {k: v for k, v in b.items() if k not in ("target", "actual")}


def test_d6_facts_round_trip():
    parsed = facts(manager_points="8.5", sales="12.3")
    data = facts_as_dict(parsed)

    assert data["sales"] == "12.30" and data["manager_points"] == "8.50"
    assert parse_facts(data) == parsed
    assert parsed.incidents == Incidents(
        late_reports=1, absent_days=0, missing_logs=2, missed_duty=0
    )
    assert facts_as_dict(facts(manager_points=None))["manager_points"] is None


@pytest.mark.parametrize(
    ("quarter", "first", "last"),
    [
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2026Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("9999Q4", date(9999, 10, 1), date(9999, 12, 31)),
    ],
)
def test_d6_quarter_dates(quarter, first, last):
    assert quarter_dates(quarter) == (first, last)
