"""Properties of every evaluation, over generated claims (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from policy_builders import TODAY

from fieldsales.policy import (
    DEFAULT_POLICY,
    absent_days,
    estimate,
    evaluate,
    evaluation_as_dict,
    parse_claim,
)
from fieldsales.policy.facts import KINDS, SEATS, TAXI_REASONS

amounts = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2).map(
    lambda d: f"{d:.2f}"
)
cities = st.sampled_from([None, "浦江县", "义乌市", "金华", "东阳市", "杭州市", "广州市"])
flags = st.booleans()


@st.composite
def items(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for index in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(KINDS))
        entry: dict[str, Any] = {"id": f"i{index}", "kind": kind, "amount": draw(amounts)}
        entry["city"] = draw(cities)
        entry["invoice"] = draw(flags)
        entry["record"] = draw(flags)
        entry["head_consent"] = draw(flags)
        entry["seat"] = draw(st.sampled_from(SEATS))
        entry["hours"] = draw(st.sampled_from([1, 9.99, 10, 14.5, "11.25"]))
        entry["cabin"] = draw(st.sampled_from([None, "economy", "business"]))
        entry["standard_fare"] = draw(st.none() | amounts)
        entry["reason"] = draw(st.none() | st.sampled_from(sorted(TAXI_REASONS)))
        entry["from"], entry["to"], entry["note"] = (
            "甲",
            "乙",
            draw(st.sampled_from([None, "送样"])),
        )
        entry["reviewer_note"] = draw(st.none() | st.just("同意"))
        entry["deal_amount"] = draw(st.none() | amounts)
        entry["deal_closed"] = draw(flags)
        entry["date"] = draw(st.none() | st.just("2026-03-04"))
        if draw(st.integers(0, 4)) == 0:
            entry["override"] = {"amount": draw(amounts), "by": "gm", "reason": "特批"}
        out.append(entry)
    return out


@st.composite
def claims(draw: st.DrawFn) -> dict[str, Any]:
    depart = date(2026, 3, 2)
    days = draw(st.integers(1, 9))
    customers = [
        {"id": f"C-{n}", "prior_trips": draw(st.integers(0, 4)), "feedback_signed": draw(flags)}
        for n in range(draw(st.integers(0, 3)))
    ]
    trip = {
        "approved": draw(flags),
        "purpose": draw(st.sampled_from(["customer_visit", "new_market"])),
        "destinations": [
            {"province": draw(st.sampled_from(["浙江", "浙江省", "广东"])), "city": "某市"}
        ],
        "depart": depart.isoformat(),
        "return": (depart + timedelta(days=days - 1)).isoformat(),
        "vehicle": draw(st.sampled_from([None, None, None, "company", "own", "host"])),
        "invited_colleague": draw(flags),
        "flight_preapproved": draw(flags),
        "special_case": draw(flags),
        "customers": customers,
        "market_report": draw(flags),
        "report_submitted": draw(st.none() | st.just("2026-03-08")),
        "advance": draw(amounts),
    }
    return {"as_of": "2026-03-20", "trip": trip, "items": draw(items())}


def _evaluate(claim: dict[str, Any]) -> dict[str, Any]:
    params = DEFAULT_POLICY.replace(tickets_beyond_paid_days=False)
    return evaluation_as_dict(evaluate(parse_claim(claim, today=TODAY), params))


@settings(max_examples=300, deadline=None)
@given(claims())
def test_no_item_reimbursed_above_its_claim_unless_overridden(claim):
    result = _evaluate(claim)

    for entry, source in zip(result["lines"][1:], claim["items"], strict=True):
        if "override" in source:
            assert (entry["rule"], entry["reimbursed"]) == (
                "override",
                source["override"]["amount"],
            )
        else:
            assert Decimal(entry["reimbursed"]) <= Decimal(entry["claimed"])
            assert Decimal(entry["reimbursed"]) >= 0


@settings(max_examples=300, deadline=None)
@given(claims())
def test_totals_add_up(claim):
    result = _evaluate(claim)
    lines = result["lines"]

    claimed = sum((Decimal(i["amount"]) for i in claim["items"]), Decimal("0.00"))
    reimbursed = sum((Decimal(entry["reimbursed"]) for entry in lines), Decimal("0.00"))
    self_paid = sum(
        (Decimal(e["claimed"]) - Decimal(e["reimbursed"]) for e in lines[1:]), Decimal("0.00")
    )
    assert result["totals"] == {
        "claimed": f"{claimed:.2f}",
        "reimbursed": f"{reimbursed:.2f}",
        "self_paid": f"{self_paid:.2f}",
    }
    assert all(len(entry["reimbursed"].split(".")[1]) == 2 for entry in lines)


@settings(max_examples=300, deadline=None)
@given(claims())
def test_settlement_one_side_and_balanced(claim):
    result = _evaluate(claim)
    settlement = result["settlement"]
    pay, back = Decimal(settlement["pay_to_traveller"]), Decimal(settlement["return_to_company"])

    assert pay >= 0 and back >= 0
    assert pay == 0 or back == 0
    assert Decimal(result["totals"]["reimbursed"]) - Decimal(settlement["advance"]) == pay - back
    assert settlement["advance"] == claim["trip"]["advance"]


@settings(max_examples=300, deadline=None)
@given(claims())
def test_overrides_stand_on_zeroed_trips(claim):
    result = _evaluate(claim)
    zeroed = {"trip_not_approved", "invited_colleague", "same_customer_limit"} & {
        v["code"] for v in result["violations"] if v["item"] is None
    }

    if zeroed:
        for entry, source in zip(result["lines"][1:], claim["items"], strict=True):
            expected = source["override"]["amount"] if "override" in source else "0.00"
            assert entry["reimbursed"] == expected
        assert result["lines"][0]["reimbursed"] == "0.00"


@settings(max_examples=200, deadline=None)
@given(claims())
def test_every_line_has_a_rule_and_every_cut_line_a_reason(claim):
    result = _evaluate(claim)

    for entry in result["lines"]:
        assert entry["rule"] in {
            "override",
            "P3.1",
            "P3.2",
            "P3.3",
            "P3.4",
            "P4.1",
            "P4.2",
            "P4.3",
            "P4.4",
            "P4.5",
            "P4.6",
            "P4.7",
            "P4.8",
            "P5.1",
            "P6.2",
            "P9",
        }
        cut = Decimal(entry["reimbursed"]) < Decimal(entry["claimed"])
        if entry["kind"] != "allowance" and entry["rule"] != "override" and cut:
            assert entry["violation"] and entry["reason"]


@settings(max_examples=300, deadline=None)
@given(claims())
def test_absent_days_alone_is_what_the_estimate_and_the_evaluation_count(claim):
    # Attendance asks for P5.2's count alone (absent_days) instead of a whole estimate.
    params = DEFAULT_POLICY.replace(tickets_beyond_paid_days=False)
    parsed = parse_claim(claim, today=TODAY)
    alone = absent_days(parsed.trip, params)
    assert alone == estimate(parsed.trip, params).absent_days
    assert alone == evaluate(parsed, params).absent_days
