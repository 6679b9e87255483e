"""estimate(today=...): a request whose departure date has passed warns of P1.3 (issue 7.17)."""

from __future__ import annotations

from datetime import date

from policy_builders import TODAY, claim

from fieldsales.policy import DEFAULT_POLICY, estimate, evaluation_as_dict, parse_claim


def _estimate(today: date | None, lang: str = "zh", **trip):
    facts = parse_claim(claim(**trip), today=TODAY).trip
    return evaluation_as_dict(estimate(facts, DEFAULT_POLICY, today=today), lang)


def _p1_3(result):
    return [v for v in result["violations"] if v["rule"] == "P1.3"]


def test_p1_3_warns_a_request_not_approved_by_a_departure_date_that_has_passed():
    result = _estimate(date(2026, 3, 3), approved=False, depart="2026-03-02")

    assert [(v["code"], v["item"]) for v in _p1_3(result)] == [("trip_not_approved", None)]
    assert "出发当天或之前完成全部审批" in _p1_3(result)[0]["message"]
    assert result["lines"][0]["reimbursed"] == "200.00"  # a warning, not a zeroing


def test_p1_3_is_silent_while_approval_can_still_come_in_time():
    assert _p1_3(_estimate(date(2026, 3, 2), approved=False, depart="2026-03-02")) == []
    assert _p1_3(_estimate(date(2026, 3, 9), approved=True, depart="2026-03-02")) == []
    assert _p1_3(_estimate(None, approved=False, depart="2026-03-02")) == []


def test_p1_3_estimate_warning_in_english():
    result = _estimate(date(2026, 3, 3), lang="en", approved=False, depart="2026-03-02")

    assert _p1_3(result)[0]["message"].startswith("The departure date has passed")
