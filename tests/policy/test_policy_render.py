"""Messages rendered at the edge: a stored evaluation (codes, variants, figures) reads in zh or
en without the engine, exactly as a fresh evaluation in that language would (issue 9, item 7)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from policy_builders import TODAY, claim, days_trip, item

from fieldsales.policy import (
    DEFAULT_POLICY,
    Code,
    Finding,
    PolicyParams,
    Variant,
    estimate,
    evaluate,
    evaluation_as_dict,
    messages,
    parse_claim,
    render_stored,
)

# One claim per code and wording variant the engine can give, and the code it must give.
CASES = [
    ("trip_not_approved", claim(approved=False), Code.TRIP_NOT_APPROVED),
    ("covered_by_allowance", claim(item("meal", "40.00")), Code.COVERED_BY_ALLOWANCE),
    (
        "over_standard_class",
        claim(item("train", "612.00", seat="soft_sleeper", hours=14, standard_fare="421.00")),
        Code.OVER_STANDARD_CLASS,
    ),
    (
        "over_standard_class/no_fare",
        claim(item("flight", "900.00", cabin="business"), flight_preapproved=True),
        Code.OVER_STANDARD_CLASS,
    ),
    ("missing_invoice", claim(item("coach", "60.00", city="杭州")), Code.MISSING_INVOICE),
    ("flight_not_preapproved", claim(item("flight", "900.00")), Code.FLIGHT_NOT_PREAPPROVED),
    (
        "missing_travel_record",
        claim(item("city_bus", "2.00", city="金华市")),
        Code.MISSING_TRAVEL_RECORD,
    ),
    ("taxi_without_reason", claim(item("taxi", "20.00", city="义乌")), Code.TAXI_WITHOUT_REASON),
    (
        "taxi_without_reason/consent",
        claim(item("tricycle", "8.00", city="杭州")),
        Code.TAXI_WITHOUT_REASON,
    ),
    (
        "taxi_without_reason/reviewer_note",
        claim(
            item(
                "taxi", "20.00", city="浦江", reason="other_special", from_="站", to="厂", note="急"
            )
        ),
        Code.TAXI_WITHOUT_REASON,
    ),
    (
        "transport_provided",
        claim(item("train", "70.00"), vehicle="company"),
        Code.TRANSPORT_PROVIDED,
    ),
    ("days_over_limit", claim(**days_trip(4)), Code.DAYS_OVER_LIMIT),
    ("absenteeism", claim(**days_trip(6)), Code.ABSENTEEISM),
    (
        "same_customer_limit",
        claim(customers=[{"id": "C-9", "prior_trips": 2, "feedback_signed": True}]),
        Code.SAME_CUSTOMER_LIMIT,
    ),
    (
        "entertainment_not_eligible",
        claim(item("entertainment", "300.00", deal_amount="9000.00", deal_closed=True)),
        Code.ENTERTAINMENT_NOT_ELIGIBLE,
    ),
    (
        "over_entertainment_cap",
        claim(item("entertainment", "1200.00", deal_amount="48000.00", deal_closed=True)),
        Code.OVER_ENTERTAINMENT_CAP,
    ),
    ("invited_colleague", claim(invited_colleague=True), Code.INVITED_COLLEAGUE),
    ("report_overdue", claim(report_submitted=None), Code.REPORT_OVERDUE),
    (
        "missing_visit_feedback",
        claim(customers=[{"id": "C-3", "feedback_signed": False}]),
        Code.MISSING_VISIT_FEEDBACK,
    ),
    (
        "missing_market_report",
        claim(purpose="new_market"),
        Code.MISSING_MARKET_REPORT,
    ),
    ("needs_review", claim(item("other", "15.00")), Code.NEEDS_REVIEW),
    # selling.md S7.3: only the app sets a line pending (the input's flag is read by _parsed)
    (
        "entertainment_deal_pending",
        claim(item("entertainment", "2000.00", deal_pending=True)),
        Code.ENTERTAINMENT_DEAL_PENDING,
    ),
]
IDS = [name for name, _, _ in CASES]


def _parsed(data):
    """The claim as the app hands it to the engine: a line flagged `deal_pending` waits for its
    order (the app sets that fact after parsing, as trips/services/evaluation.py does)."""
    parsed = parse_claim(data, today=TODAY)
    pending = {i["id"] for i in data["items"] if i.get("deal_pending") is True}
    items = tuple(replace(i, deal_pending=True) if i.id in pending else i for i in parsed.items)
    return replace(parsed, items=items)


def _stored(data, params: PolicyParams = DEFAULT_POLICY):
    """What the app stores: Chinese messages with codes and figures, through JSON and back."""
    evaluation = evaluate(_parsed(data), params)
    return json.loads(json.dumps(evaluation_as_dict(evaluation, "zh", figures=True)))


def test_every_code_has_a_case():
    assert {code for _, _, code in CASES} == set(Code)


@pytest.mark.parametrize(("name", "data", "code"), CASES, ids=IDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_stored_evaluation_renders_as_a_fresh_one(name, data, code, lang):
    # given an evaluation stored with its figures
    stored = _stored(data)
    assert code in {v["code"] for v in stored["violations"]}

    # when it is rendered in a language, then it equals a fresh evaluation in that language
    fresh = evaluation_as_dict(evaluate(_parsed(data), DEFAULT_POLICY), lang)
    assert render_stored(stored, lang) == fresh


@pytest.mark.parametrize(("name", "data", "code"), CASES, ids=IDS)
def test_stored_evaluation_keeps_what_renders_it(name, data, code):
    stored = _stored(data)

    for entry in stored["violations"] + [line for line in stored["lines"] if "violation" in line]:
        assert isinstance(entry["figures"], dict)
        assert Variant(entry["variant"]) in set(Variant)


def test_rendering_needs_no_policy_in_force():
    # given a claim evaluated under a version whose numbers are not the defaults
    params = DEFAULT_POLICY.replace(name="2026", entertainment_rate=Decimal("0.04"))
    data = claim(item("entertainment", "2500.00", deal_amount="48000.00", deal_closed=True))
    stored = _stored(data, params)

    # then its English text quotes the figures it was computed with, not today's defaults
    (violation,) = render_stored(stored, "en")["violations"]
    assert violation["message"] == (
        "Entertainment is above 4% of the deal; reimbursed up to 1920.00"
    )


def test_an_entry_stored_without_figures_keeps_its_text():
    stored = {
        "lines": [{"item": "h1", "violation": "covered_by_allowance", "reason": "旧文本"}],
        "violations": [{"code": "needs_review", "item": "x", "message": "旧说明"}],
    }

    rendered = render_stored(stored, "en")

    assert rendered["lines"][0]["reason"] == "旧文本"
    assert rendered["violations"][0]["message"] == "旧说明"


def test_estimate_renders_in_the_language_asked():
    facts = parse_claim(claim(approved=False, depart="2026-03-02"), today=TODAY).trip

    result = estimate(facts, DEFAULT_POLICY, flight_requested=True, today=date(2026, 3, 3))

    assert [messages.render(v.finding, "en") for v in result.violations] == [
        "The departure date has passed: a trip must be fully approved on or before the day it "
        "starts; a trip approved after it started is not reimbursed",
        "A flight must be approved by the general manager before the trip",
    ]


@pytest.mark.parametrize(
    ("finding", "zh", "en"),
    [
        (
            Finding(
                Code.OVER_STANDARD_CLASS,
                figures={"kind": "ship", "class": "first", "fare": "80.00"},
            ),
            "轮船头等舱超过标准，按标准票价80.00元报销",
            "Ship, first is above the standard class; reimbursed up to the standard fare of 80.00",
        ),
        (
            Finding(Code.OVER_STANDARD_CLASS, Variant.NO_FARE, {"kind": "flight", "class": "vip"}),
            "飞机vip超过标准，未注明标准票价，不予报销",
            "Flight, vip is above the standard class and no standard fare was stated; not "
            "reimbursed",
        ),
        (
            Finding(Code.TAXI_WITHOUT_REASON, Variant.CONSENT, {"cities": ("浦江", "义乌")}),
            "在浦江、义乌以外乘出租车、三轮车须事先经部门负责人同意",
            "Outside 浦江, 义乌 a taxi or tricycle needs the department head's prior consent",
        ),
        (
            Finding(Code.DAYS_OVER_LIMIT, Variant.TICKET, {"limit": 3}),
            "票据日期在可报销的3天之后，费用自理",
            "The ticket is dated after the 3 paid days; self-paid",
        ),
        (
            Finding(Code.COVERED_BY_ALLOWANCE, figures={"kind": "lodging"}),
            "住宿费已含在每日补贴中",
            "Lodging is covered by the daily allowance",
        ),
    ],
)
def test_render_fills_names_and_lists_per_language(finding, zh, en):
    assert (messages.render(finding, "zh"), messages.render(finding, "en-GB")) == (zh, en)
