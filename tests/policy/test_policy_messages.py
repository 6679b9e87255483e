"""Messages: Chinese by default, English on request; codes and rules never change."""

from __future__ import annotations

from policy_builders import claim, item, run

from fieldsales.policy import messages

CODES = {
    "trip_not_approved",
    "covered_by_allowance",
    "over_standard_class",
    "missing_invoice",
    "flight_not_preapproved",
    "missing_travel_record",
    "taxi_without_reason",
    "transport_provided",
    "days_over_limit",
    "absenteeism",
    "same_customer_limit",
    "entertainment_not_eligible",
    "over_entertainment_cap",
    "invited_colleague",
    "report_overdue",
    "missing_visit_feedback",
    "missing_market_report",
    "needs_review",
}
# selling.md S7.3: set by the app for a line waiting for its order, never by the CLI's input.
APP_CODES = {"entertainment_deal_pending"}


def test_every_code_of_claim_format_has_a_message():
    assert messages.codes() == CODES | APP_CODES


def test_the_cli_input_cannot_make_a_line_pending():
    """claim-format.md is extended only as the spec says: a `deal_pending` in the input is
    ignored, the line is judged on deal_amount/deal_closed as before."""
    data = claim(item("entertainment", "2000.00", id="e1", deal_pending=True))
    out = run(data)
    assert [v["code"] for v in out["violations"] if v["item"] == "e1"] == [
        "entertainment_not_eligible"
    ]


def test_messages_change_with_language_codes_and_rules_do_not():
    data = claim(
        item("lodging", "180.00"), item("taxi", "20.00", id="x1", city="杭州"), approved=False
    )

    zh, en = run(data), run(data, lang="en")

    assert [(v["code"], v["rule"], v["item"]) for v in zh["violations"]] == [
        (v["code"], v["rule"], v["item"]) for v in en["violations"]
    ]
    assert zh["lines"][1]["reason"] == "住宿费已含在每日补贴中"
    assert en["lines"][1]["reason"] == "Lodging is covered by the daily allowance"
    assert (
        en["violations"][0]["message"]
        == "The trip started without full approval; nothing is reimbursed"
    )


def test_over_standard_message_names_the_class_and_fare():
    result = run(
        claim(item("train", "612.00", seat="soft_sleeper", hours=14, standard_fare="421.00"))
    )

    assert result["violations"][0]["message"] == "火车软卧超过标准，按标准票价421.00元报销"


def test_entertainment_cap_message_names_rate_and_cap():
    result = run(
        claim(item("entertainment", "1200.00", deal_amount="48000.00", deal_closed=True)), lang="en"
    )

    assert (
        result["violations"][0]["message"]
        == "Entertainment is above 2% of the deal; reimbursed up to 960.00"
    )
