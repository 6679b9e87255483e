"""D6's refusals through the API, in api.md's order: 404 for a scorecard one may not see, 403
for acting in someone else's place (nobody on their own scorecard), 409 out of turn or once
approved, 400 naming the field and D6 for points outside 0..w_manager; a zero target shows
"cannot be scored (D6)" instead of failing."""

from __future__ import annotations

import pytest
from scorecards_support import card_of, gather, quarter_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def cards(api, cast, sales_department):
    quarter_data(api, cast, sales_department.pk)
    assert gather(api, department=sales_department.pk).status_code == 200
    return {
        "sales1": card_of(api, "head", cast["sales1"])["id"],
        "sales2": card_of(api, "head", cast["sales2"])["id"],
    }


def test_a_salesperson_sees_only_their_own(api, cards):
    listed = api("sales1").get("/api/scorecards/").json()
    assert [r["id"] for r in listed["results"]] == [cards["sales1"]]
    assert api("sales1").get(f"/api/scorecards/{cards['sales2']}/").status_code == 404
    assert api("sales2").post(f"/api/scorecards/{cards['sales1']}/acknowledge/").status_code == 404
    for outsider in ("finance", "tech", "admin"):
        assert api(outsider).get(f"/api/scorecards/{cards['sales1']}/").status_code == 404
    assert api(None).get("/api/scorecards/").status_code == 401


def test_head_and_gm_see_the_department(api, cards):
    for who in ("head", "gm"):
        listed = api(who).get("/api/scorecards/", {"quarter": "2026Q2"}).json()
        assert {r["id"] for r in listed["results"]} == set(cards.values())


def test_only_the_manager_scores_and_never_the_person(api, cards):
    url = f"/api/scorecards/{cards['sales1']}/review/"
    body = {"points": "8.00", "comment": "自评"}
    assert api("sales1").post(url, body, format="json").status_code == 403
    assert api("gm").post(url, body, format="json").status_code == 403
    assert api("head").post(url, body, format="json").status_code == 200


def test_only_the_person_answers_and_only_the_gm_approves(api, cards):
    url = f"/api/scorecards/{cards['sales1']}/"
    assert api("sales1").post(f"{url}acknowledge/").status_code == 409  # not scored yet
    api("head").post(f"{url}review/", {"points": "8.00", "comment": ""}, format="json")
    assert api("head").post(f"{url}acknowledge/").status_code == 403
    assert api("gm").post(f"{url}dispute/", {"reason": "x"}, format="json").status_code == 403
    assert api("gm").post(f"{url}approve/").status_code == 409  # not acknowledged yet
    assert api("sales1").post(f"{url}acknowledge/").status_code == 200
    refused = api("sales1").post(f"{url}approve/")
    assert refused.status_code == 403
    assert "D6" in refused.json()["detail"]
    assert api("head").post(f"{url}approve/").status_code == 403
    assert api("gm").post(f"{url}approve/").status_code == 200


@pytest.mark.parametrize("points", ["10.01", "-1", "abc", 8, "8.001", None])
def test_points_outside_the_weight_are_400_naming_d6(api, cards, points):
    answer = api("head").post(
        f"/api/scorecards/{cards['sales1']}/review/",
        {"points": points, "comment": ""},
        format="json",
    )
    assert answer.status_code == 400
    assert "points" in answer.json()
    assert "D6" in answer.json()["points"][0]


def test_full_weight_is_accepted(api, cards):
    answer = api("head").post(
        f"/api/scorecards/{cards['sales1']}/review/", {"points": "10"}, format="json"
    )
    assert answer.status_code == 200
    assert answer.json()["manager_points"] == "10.00"


def test_a_dispute_needs_a_reason(api, cards):
    url = f"/api/scorecards/{cards['sales1']}/"
    api("head").post(f"{url}review/", {"points": "6.00"}, format="json")
    answer = api("sales1").post(f"{url}dispute/", {"reason": "  "}, format="json")
    assert answer.status_code == 400
    assert "reason" in answer.json()


def test_gathering_is_for_the_manager_or_the_gm(api, cast, sales_department):
    assert gather(api, "sales1", department=sales_department.pk).status_code == 403
    assert gather(api, "finance").status_code == 403
    bad = gather(api, "head", quarter="2026Q5")
    assert bad.status_code == 400 and "quarter" in bad.json()
    future = gather(api, "head", quarter="2099Q1")
    assert future.status_code == 400


def test_a_zero_target_cannot_be_scored(api, cast, sales_department):
    quarter_data(api, cast, sales_department.pk, split=False)
    assert gather(api, "gm").status_code == 200
    card = card_of(api, "gm", cast["sales1"])
    assert card["scorable"] is False
    assert "D6" in card["unscorable"]
    assert card["result"] is None
    refused = api("head").post(
        f"/api/scorecards/{card['id']}/review/", {"points": "5.00"}, format="json"
    )
    assert refused.status_code == 409
    assert "D6" in refused.json()["detail"]
