"""P3: the daily allowance by scope and days; meal and lodging are covered by it (P3.4)."""

from __future__ import annotations

import pytest
from policy_builders import claim, codes, days_trip, item, line, priced, run, violations


@pytest.mark.parametrize(
    ("destinations", "depart", "ret", "scope", "days", "allowance", "rule"),
    [
        ([("浙江", "浦江县")], "2026-05-12", "2026-05-12", "in_province", 1, "15.00", "P3.1"),
        ([("浙江", "杭州市")], "2026-03-02", "2026-03-03", "in_province", 2, "200.00", "P3.2"),
        ([("广东", "广州市")], "2026-03-02", "2026-03-02", "out_of_province", 1, "130.00", "P3.3"),
        ([("广东", "广州市")], "2026-03-02", "2026-03-04", "out_of_province", 3, "390.00", "P3.3"),
    ],
)
def test_p3_allowance_by_scope_and_days(destinations, depart, ret, scope, days, allowance, rule):
    # given a trip with no receipts
    places = [{"province": p, "city": c} for p, c in destinations]
    data = claim(destinations=places, depart=depart, report_submitted=None, **{"return": ret})

    # when it is evaluated
    result = run(data)

    # then the allowance line leads, priced by the rule of its scope and length
    assert (result["scope"], result["days"], result["paid_days"]) == (scope, days, days)
    assert result["lines"][0] == {
        "item": "allowance",
        "kind": "allowance",
        "claimed": "0.00",
        "reimbursed": allowance,
        "rule": rule,
    }


def test_p3_1_same_day_versus_p3_2_overnight():
    same_day = run(claim(**days_trip(1)))
    overnight = run(claim(**days_trip(2)))

    assert priced(same_day, "allowance") == ("15.00", "P3.1", None)
    assert priced(overnight, "allowance") == ("200.00", "P3.2", None)


@pytest.mark.parametrize(
    ("provinces", "scope"),
    [
        (["浙江"], "in_province"),
        (["浙江省"], "in_province"),
        ([" 浙江省 "], "in_province"),
        (["广东"], "out_of_province"),
        (["广东省"], "out_of_province"),
        (["广西壮族自治区"], "out_of_province"),
        (["浙江", "浙江省"], "in_province"),
        (["浙江", "广东"], "out_of_province"),
        (["浙江省", "上海市"], "out_of_province"),
    ],
)
def test_p3_scope_from_destinations_provinces(provinces, scope):
    # given destinations whose provinces are written in short or full form
    places = [{"province": p, "city": "某市"} for p in provinces]

    # when evaluated, then any destination outside 浙江 makes the trip out of province
    assert run(claim(destinations=places))["scope"] == scope


def test_p3_scope_follows_the_policy_home_province():
    from fieldsales.policy import DEFAULT_POLICY

    params = DEFAULT_POLICY.replace(home_province="广东省")
    places = [{"province": "广东", "city": "广州市"}]

    assert run(claim(destinations=places), params)["scope"] == "in_province"


@pytest.mark.parametrize(
    ("kind", "message"), [("lodging", "住宿费已含在每日补贴中"), ("meal", "餐费已含在每日补贴中")]
)
def test_p3_4_lodging_and_meal_covered_by_allowance(kind, message):
    # given a lodging or meal receipt
    result = run(claim(item(kind, "180.00", invoice=True)))

    # then it reimburses nothing, under P3.4, and the allowance stands
    assert priced(result) == ("0.00", "P3.4", "covered_by_allowance")
    assert line(result)["reason"] == message
    assert violations(result, "covered_by_allowance") == [
        {"code": "covered_by_allowance", "rule": "P3.4", "item": "i1", "message": message}
    ]
    assert codes(result) == {"covered_by_allowance"}
    assert result["totals"] == {"claimed": "180.00", "reimbursed": "200.00", "self_paid": "180.00"}
