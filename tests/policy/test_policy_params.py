"""A policy version as a --policy JSON object: params_from_dict and params_as_dict."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fieldsales.policy import DEFAULT_POLICY, ClaimInputError, params_as_dict, params_from_dict


def test_params_round_trip_through_json_shape():
    assert params_from_dict(params_as_dict(DEFAULT_POLICY)) == DEFAULT_POLICY


def test_params_as_dict_money_as_strings():
    data = params_as_dict(DEFAULT_POLICY)

    assert (data["allowance_out"], data["entertainment_rate"], data["sleeper_min_hours"]) == (
        "130.00",
        "0.02",
        "10",
    )
    assert (data["effective_from"], data["local_cities"]) == ("2012-03-31", ["浦江", "义乌"])


def test_params_from_dict_changes_only_the_given_fields():
    params = params_from_dict(
        {
            "name": "2026",
            "allowance_out": "150.00",
            "paid_days_in": 3,
            "entertainment_rate": "0.03",
            "local_cities": "浦江, 义乌，东阳",
            "effective_from": "2026-01-01",
            "tickets_beyond_paid_days": False,
        }
    )

    assert params.allowance_out == Decimal("150.00")
    assert (params.paid_days_in, params.entertainment_rate) == (3, Decimal("0.03"))
    assert params.local_cities == ("浦江", "义乌", "东阳")
    assert (params.name, params.effective_from, params.tickets_beyond_paid_days) == (
        "2026",
        date(2026, 1, 1),
        False,
    )
    assert params.allowance_day_trip_in == Decimal("15.00")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"allowance_cap": "1.00"}, "policy.allowance_cap"),
        ({"allowance_out": 130}, "policy.allowance_out"),
        ({"allowance_out": "130.001"}, "policy.allowance_out"),
        ({"paid_days_in": "2"}, "policy.paid_days_in"),
        ({"paid_days_in": True}, "policy.paid_days_in"),
        ({"one_open_advance": 1}, "policy.one_open_advance"),
        ({"effective_from": "2026-02-30"}, "policy.effective_from"),
        ({"local_cities": [1]}, "policy.local_cities"),
        ({"entertainment_rate": "-0.02"}, "policy.entertainment_rate"),
        ({"name": None}, "policy.name"),
    ],
)
def test_params_from_dict_refuses_naming_the_key(data, field):
    with pytest.raises(ClaimInputError) as raised:
        params_from_dict(data)

    assert raised.value.field == field


# issue 9, item 7: the advance limit and the approval chains are the app's workflow settings.
WORKFLOW_SETTINGS = {
    "advance_max",
    "one_open_advance",
    "trip_chain",
    "advance_chain",
    "claim_chain",
}
ROLE_NAMES = {"salesperson", "dept_head", "dept_manager", "gm", "finance", "admin"}


def test_engine_params_hold_no_workflow_setting_and_no_role():
    data = params_as_dict(DEFAULT_POLICY)

    assert WORKFLOW_SETTINGS.isdisjoint(data)
    words = {w for v in data.values() for w in (v if isinstance(v, list) else [v])}
    assert ROLE_NAMES.isdisjoint(words)


@pytest.mark.parametrize(
    "stated",
    [
        {"advance_max": "800.00"},
        {"one_open_advance": False},
        {"trip_chain": ["gm"]},
        {"advance_chain": "finance, gm"},
        {"claim_chain": "dept_head，finance"},
    ],
)
def test_params_from_dict_accepts_and_ignores_workflow_settings(stated):
    assert params_from_dict(stated) == DEFAULT_POLICY
    assert params_from_dict(stated | {"allowance_out": "150.00"}).allowance_out == Decimal("150.00")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"advance_max": 500}, "policy.advance_max"),
        ({"advance_max": "-1"}, "policy.advance_max"),
        ({"trip_chain": [1]}, "policy.trip_chain"),
        ({"claim_chain": None}, "policy.claim_chain"),
    ],
)
def test_params_from_dict_checks_the_form_of_workflow_settings(data, field):
    with pytest.raises(ClaimInputError) as raised:
        params_from_dict(data)

    assert raised.value.field == field
