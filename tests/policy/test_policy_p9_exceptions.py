"""P9: an override replaces a line's amount with a reason; `other` waits for one."""

from __future__ import annotations

import pytest
from policy_builders import claim, codes, item, line, priced, run

from fieldsales.policy import parse_claim


def test_p9_other_needs_review_until_overridden():
    result = run(claim(item("other", "15.00", note="停车费")))

    assert priced(result) == ("0.00", "P9", "needs_review")
    assert codes(result) == {"needs_review"}


def test_p9_override_replaces_the_amount_and_every_other_rule():
    # given an overridden parking fee and an overridden over-standard sleeper
    result = run(
        claim(
            item(
                "other",
                "15.00",
                id="p1",
                override={"amount": "15.00", "by": "head", "reason": "停车费核实"},
            ),
            item(
                "train",
                "612.00",
                id="t1",
                seat="soft_sleeper",
                hours=3,
                override={"amount": "700.00", "reason": "特批"},
            ),
        )
    )

    # then the override is the amount, under rule "override", with no violation
    assert priced(result, "p1") == ("15.00", "override", None)
    assert priced(result, "t1") == ("700.00", "override", None)
    assert codes(result) == set()
    assert "reason" not in line(result, "t1")
    assert result["totals"]["self_paid"] == "-88.00"


@pytest.mark.parametrize(
    ("stated", "by"),
    [
        ({"by": "gm"}, "gm"),
        ({"by": " finance "}, "finance"),
        # issue 9: no role default inside the engine; the app records who overrode.
        ({}, None),
        ({"by": " "}, None),
    ],
)
def test_p9_override_is_recorded_with_who_and_why(stated, by):
    from policy_builders import TODAY

    override_input = {"amount": "9.50", "reason": " 核实 "} | stated
    parsed = parse_claim(claim(item("other", "15.00", override=override_input)), today=TODAY)

    override = parsed.items[0].override
    assert override is not None
    assert (str(override.amount), override.by, override.reason) == ("9.50", by, "核实")
