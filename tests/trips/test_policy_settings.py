"""The travel policy split (issue 9, item 7): the app's workflow settings live in trips, and a
stored claim evaluation renders in the user's language from its codes, without the engine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from fieldsales.policy import DEFAULT_POLICY, evaluate, evaluation_as_dict, parse_claim
from fieldsales.trips.models import PolicyVersion
from fieldsales.trips.policy_settings import DEFAULT_SETTINGS, TravelSettings, settings_in_force
from fieldsales.trips.selectors import evaluation_in_language


@pytest.mark.django_db
def test_without_versions_the_seed_settings_apply():
    assert (
        settings_in_force(date(2026, 1, 1))
        == DEFAULT_SETTINGS
        == TravelSettings(
            advance_max=Decimal("500.00"),
            one_open_advance=True,
            trip_chain=("dept_head", "gm"),
            advance_chain=("finance", "gm"),
            claim_chain=("dept_head", "finance"),
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({"trip_chain": "gm"}, {"trip_chain": ("gm",)}),
        ({"advance_chain": "finance， gm"}, {"advance_chain": ("finance", "gm")}),
        ({"claim_chain": " dept_head ,finance,"}, {"claim_chain": ("dept_head", "finance")}),
        ({"advance_max": Decimal("800.00")}, {"advance_max": Decimal("800.00")}),
        ({"one_open_advance": False}, {"one_open_advance": False}),
    ],
)
def test_settings_follow_the_version_in_force(stored, expected):
    PolicyVersion.objects.create(name="v", effective_from=date(2026, 6, 1), **stored)

    before, after = settings_in_force(date(2026, 5, 31)), settings_in_force(date(2026, 6, 1))

    assert before == DEFAULT_SETTINGS
    assert {key: getattr(after, key) for key in expected} == expected


def _stored_claim_evaluation() -> dict:
    data = {
        "as_of": "2026-03-20",
        "trip": {
            "approved": True,
            "purpose": "customer_visit",
            "destinations": [{"province": "浙江", "city": "杭州"}],
            "depart": "2026-03-02",
            "return": "2026-03-03",
            "report_submitted": "2026-03-05",
        },
        "items": [
            {"id": "h1", "kind": "lodging", "amount": "180.00"},
            {"id": "x1", "kind": "taxi", "amount": "20.00", "city": "杭州"},
        ],
    }
    evaluation = evaluate(parse_claim(data, today=date(2026, 3, 20)), DEFAULT_POLICY)
    # As trips stores it, but without the facts: nothing is there to run the engine on.
    return evaluation_as_dict(evaluation, "zh", figures=True)


@pytest.mark.parametrize(
    ("lang", "lodging", "taxi"),
    [
        (
            "zh-hans",
            "住宿费已含在每日补贴中",
            "在浦江、义乌以外乘出租车、三轮车须事先经部门负责人同意",
        ),
        (
            "en",
            "Lodging is covered by the daily allowance",
            "Outside 浦江, 义乌 a taxi or tricycle needs the department head's prior consent",
        ),
    ],
)
def test_stored_evaluation_renders_in_the_users_language(lang, lodging, taxi):
    stored = _stored_claim_evaluation()

    with translation.override(lang):
        shown = evaluation_in_language(stored)

    assert [line.get("reason") for line in shown["lines"]] == [None, lodging, taxi]
    assert [v["message"] for v in shown["violations"]] == [lodging, taxi]
    assert all("figures" not in v and "variant" not in v for v in shown["violations"])
    assert shown["totals"] == stored["totals"]
