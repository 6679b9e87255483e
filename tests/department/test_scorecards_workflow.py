"""D6 through the API: head gathers 2026Q2, adds points and a comment, sales1 acknowledges
(or disputes, head revises), the GM approves; then the scorecard is frozen (409) and a new
gathering leaves it as approved. Notifications go to whoever acts next."""

from __future__ import annotations

from datetime import date

import pytest
from scorecards_support import card_of, gather, order, quarter_data

from fieldsales.core.models import AuditEvent
from fieldsales.department.scorecards.models import Scorecard
from fieldsales.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def gathered(api, cast, sales_department):
    data = quarter_data(api, cast, sales_department.pk)
    answer = gather(api, department=sales_department.pk)
    assert answer.status_code == 200, answer.json()
    return data | {"answer": answer.json()}


def test_gathering_makes_one_scorecard_per_salesperson_with_the_facts(api, cast, gathered):
    assert gathered["answer"]["count"] == 2
    card = card_of(api, "head", cast["sales1"])
    facts = card["facts"]
    assert card["status"] == "gathered"
    assert facts["quarter"] == "2026Q2"
    assert facts["sales"] == "400000.00"
    assert facts["sales_target"] == "300000.00"
    assert facts["sales_last_year"] == "100000.00"
    assert facts["due"] == "100000.00"
    assert facts["collected"] == "130000.00"
    assert facts["new_customers"] == 4
    assert facts["satisfaction"] == [4]
    assert facts["expenses"] == "0.00"
    assert facts["incidents"]["late_reports"] == 1
    assert facts["manager_points"] is None
    assert card["provisional"] is True
    assert card["result"]["indicators"][0]["key"] == "sales"


def test_the_whole_way_to_approval(api, cast, gathered):
    pk = card_of(api, "head", cast["sales1"])["id"]
    url = f"/api/scorecards/{pk}/"

    reviewed = api("head").post(
        f"{url}review/", {"points": "8.00", "comment": "积极主动，继续保持。"}, format="json"
    )
    assert reviewed.status_code == 200, reviewed.json()
    body = reviewed.json()
    assert body["status"] == "reviewed"
    assert body["manager_points"] == "8.00"
    assert body["provisional"] is False
    assert body["result"]["indicators"][-1]["points"] == "8.00"
    assert Notification.objects.filter(
        recipient=cast["sales1"], kind="scorecard.acknowledge"
    ).exists()

    acknowledged = api("sales1").post(f"{url}acknowledge/")
    assert acknowledged.status_code == 200, acknowledged.json()
    assert acknowledged.json()["status"] == "acknowledged"
    assert Notification.objects.filter(recipient=cast["gm"], kind="scorecard.approve").exists()

    approved = api("gm").post(f"{url}approve/")
    assert approved.status_code == 200, approved.json()
    body = approved.json()
    assert body["status"] == "approved"
    assert body["frozen"] is True
    assert [s["action"] for s in body["steps"]] == [
        "create",
        "gather",
        "review",
        "acknowledge",
        "approve",
    ]
    assert body["result"]["grade"] == "A"


def test_a_dispute_goes_back_to_the_manager_who_revises(api, cast, gathered):
    pk = card_of(api, "head", cast["sales1"])["id"]
    url = f"/api/scorecards/{pk}/"
    api("head").post(f"{url}review/", {"points": "5.00", "comment": "一般"}, format="json")

    disputed = api("sales1").post(f"{url}dispute/", {"reason": "拜访量已达标"}, format="json")
    assert disputed.status_code == 200, disputed.json()
    assert disputed.json()["status"] == "disputed"
    assert disputed.json()["dispute_reason"] == "拜访量已达标"
    assert Notification.objects.filter(recipient=cast["head"], kind="scorecard.disputed").exists()
    # Nothing to approve while disputed.
    assert api("gm").post(f"{url}approve/").status_code == 409

    revised = api("head").post(
        f"{url}review/", {"points": "7.00", "comment": "已核实"}, format="json"
    )
    assert revised.status_code == 200
    assert revised.json()["status"] == "reviewed"
    assert api("sales1").post(f"{url}acknowledge/").json()["status"] == "acknowledged"
    told = Notification.objects.filter(recipient=cast["sales1"], kind="scorecard.acknowledge")
    assert told.count() == 2


def test_an_approved_scorecard_is_frozen(api, cast, gathered):
    pk = card_of(api, "head", cast["sales1"])["id"]
    url = f"/api/scorecards/{pk}/"
    api("head").post(f"{url}review/", {"points": "8.00", "comment": "好"}, format="json")
    api("sales1").post(f"{url}acknowledge/")
    api("gm").post(f"{url}approve/")
    frozen = Scorecard.objects.get(pk=pk)

    again = api("head").post(f"{url}review/", {"points": "2.00", "comment": "改"}, format="json")
    assert again.status_code == 409
    assert "D6" in again.json()["detail"]
    assert api("sales1").post(f"{url}dispute/", {"reason": "x"}, format="json").status_code == 409
    assert api("gm").post(f"{url}approve/").status_code == 409

    order(cast["sales1"], "50000.00", date(2026, 6, 1))
    assert gather(api).status_code == 200
    after = Scorecard.objects.get(pk=pk)
    assert after.facts == frozen.facts
    assert after.result == frozen.result
    assert after.evidence == frozen.evidence
    assert after.status == "approved"


def test_gathering_again_changes_nothing_until_the_documents_do(api, cast, gathered):
    before = {c.pk: (c.facts, c.result, c.evidence) for c in Scorecard.objects.all()}
    events = AuditEvent.objects.count()

    assert gather(api).status_code == 200

    assert {c.pk: (c.facts, c.result, c.evidence) for c in Scorecard.objects.all()} == before
    assert AuditEvent.objects.count() == events

    order(cast["sales1"], "50000.00", date(2026, 6, 1))
    assert gather(api).status_code == 200
    assert card_of(api, "head", cast["sales1"])["facts"]["sales"] == "450000.00"
    assert Scorecard.objects.count() == 2


def test_new_figures_after_acknowledging_are_confirmed_again(api, cast, gathered):
    pk = card_of(api, "head", cast["sales1"])["id"]
    url = f"/api/scorecards/{pk}/"
    api("head").post(f"{url}review/", {"points": "8.00", "comment": "好"}, format="json")
    api("sales1").post(f"{url}acknowledge/")

    order(cast["sales1"], "1000.00", date(2026, 6, 2))
    gather(api)

    assert Scorecard.objects.get(pk=pk).status == "reviewed"


def test_the_inbox_shows_whose_turn_it_is(api, cast, gathered):
    pk = card_of(api, "head", cast["sales1"])["id"]
    url = f"/api/scorecards/{pk}/"

    def waiting(who):
        rows = api(who).get("/api/approvals/inbox/").json()["results"]
        return [r for r in rows if r.get("kind") == "scorecard" and r.get("id") == pk]

    assert waiting("head") and not waiting("sales1") and not waiting("gm")
    api("head").post(f"{url}review/", {"points": "8.00"}, format="json")
    assert waiting("sales1") and not waiting("head")
    api("sales1").post(f"{url}acknowledge/")
    assert waiting("gm") and not waiting("sales1")
    api("gm").post(f"{url}approve/")
    assert not waiting("gm")
