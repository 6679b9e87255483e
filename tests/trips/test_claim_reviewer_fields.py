"""Issue 7, items 1, 2 and 8: what only a reviewer states, what an override may be, how big a
claim may get.

api.md (Expense claims): a claimant's items carry no `override`, `reviewer_note` or
`head_consent` (a 400 naming the field); the current approver states an override (P9, at
most the amount claimed) and a reviewer's note (P4.6 d), the traveller's department head at
their own step a consent (P4.6); each is a row with who, when and why, shown on the page, the
PDF and the audit. Amounts and item counts are bounded so that no total overflows the
database's MONEY columns.
"""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest
from helpers import approved_trip

from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import RuleBroken
from fieldsales.trips import printing, services
from fieldsales.trips.models import Claim, ClaimConsent, ClaimNote, ClaimOverride

pytestmark = pytest.mark.django_db

HANGZHOU = [{"province": "浙江", "city": "杭州"}]
LODGING = {"id": "h1", "kind": "lodging", "amount": "180.00", "invoice": True}
# A taxi in 杭州 (not a local city): reimbursed only with the head's consent (P4.6).
TAXI_HZ = {
    "id": "x1",
    "kind": "taxi",
    "amount": "26.00",
    "city": "杭州市",
    "from": "杭州东站",
    "to": "客户公司",
    "note": "送样",
}
# A taxi in 义乌 for an "other special" reason: reimbursed only with a reviewer's note (P4.6 d).
TAXI_SPECIAL = {
    "id": "x2",
    "kind": "taxi",
    "amount": "30.00",
    "city": "义乌市",
    "reason": "other_special",
    "from": "义乌站",
    "to": "客户工厂",
    "note": "暴雨",
}
PARKING = {"id": "p1", "kind": "other", "amount": "15.00", "note": "停车费"}


def new_claim(api, items, trip=None):
    trip = trip or approved_trip(api)
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    assert response.status_code == 201, response.data
    return response.data


def submitted_claim(api, items):
    claim = new_claim(api, items)
    assert api("sales1").post(f"/api/claims/{claim['id']}/submit/").status_code == 200
    return claim["id"]


def line(data, item):
    found = next(x for x in data["lines"] if x["item"] == item)
    return found["reimbursed"], found["rule"]


# ---------------------------------------------------------------- item 1: the claimant


REVIEWER_VALUES = {
    "override": {"amount": "99999.00", "by": "gm", "reason": "自己批"},
    "reviewer_note": "自己写的说明",
    "head_consent": True,
}


@pytest.mark.parametrize("field", sorted(REVIEWER_VALUES))
def test_claimant_may_not_state_a_reviewer_field_on_create(api, field):
    # Given an approved trip
    trip = approved_trip(api)
    # When sales1 claims a lodging line and a taxi carrying a field only a reviewer states
    items = [LODGING, TAXI_HZ | {field: REVIEWER_VALUES[field]}]
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    # Then it is a 400 naming the field and the rule, and no claim is stored
    assert response.status_code == 400
    assert list(response.data) == [f"items[1].{field}"]
    assert ("P9" if field == "override" else "P4.6") in str(response.data[f"items[1].{field}"][0])
    assert Claim.objects.count() == 0


@pytest.mark.parametrize("field", sorted(REVIEWER_VALUES))
def test_claimant_may_not_state_a_reviewer_field_on_patch(api, field):
    claim = new_claim(api, [LODGING])
    response = api("sales1").patch(
        f"/api/claims/{claim['id']}/",
        {"items": [LODGING | {field: REVIEWER_VALUES[field]}]},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.data) == [f"items[0].{field}"]
    assert Claim.objects.get().items == [LODGING]


def test_the_reported_hole_a_self_override_is_never_paid(api):
    # The issue: a 180.00 lodging line with a claimant's override came back reimbursed 99999.00.
    trip = approved_trip(api)
    items = [LODGING | {"override": {"amount": "99999.00", "by": "gm", "reason": "x"}}]
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    assert response.status_code == 400
    assert ClaimOverride.objects.count() == 0


def test_stored_reviewer_fields_of_old_claims_are_ignored_by_the_engine(api):
    # Given a draft claim whose stored items carry a claimant's consent (as the old page wrote)
    claim = new_claim(api, [TAXI_HZ])
    Claim.objects.filter(pk=claim["id"]).update(items=[TAXI_HZ | {"head_consent": True}])
    # When it is submitted (re-evaluated)
    data = api("sales1").post(f"/api/claims/{claim['id']}/submit/").data
    # Then the taxi still needs the head's own consent
    assert line(data, "x1") == ("0.00", "P4.6")


def test_head_consents_at_their_step_and_it_is_recorded(api, cast):
    claim = submitted_claim(api, [TAXI_HZ])
    # The claimant, and finance before its step, may not consent
    body = {"item": "x1", "note": "事先电话同意"}
    assert api("sales1").post(f"/api/claims/{claim}/consents/", body).status_code == 403
    assert api("finance").post(f"/api/claims/{claim}/consents/", body).status_code == 403
    # The head consents: the taxi is reimbursed under P4.6
    response = api("head").post(f"/api/claims/{claim}/consents/", body, format="json")
    assert response.status_code == 200, response.data
    assert line(response.data, "x1") == ("26.00", "P4.6")
    assert response.data["totals"]["reimbursed"] == "226.00"
    (consent,) = response.data["consents"]
    assert (consent["item"], consent["by"], consent["role"], consent["note"]) == (
        "x1",
        cast["head"].pk,
        "dept_head",
        "事先电话同意",
    )
    assert consent["applies"] is True
    # And the audit says who, what and why
    event = audit_trail(Claim.objects.get(pk=claim)).get(action="consent")
    assert (event.actor, event.comment, event.data["item"], event.data["rule"]) == (
        cast["head"],
        "事先电话同意",
        "x1",
        "P4.6",
    )
    assert event.data["reimbursed"] == "226.00"
    # After the head's step, the head may not consent any more, nor finance
    assert api("head").post(f"/api/claims/{claim}/approve/").status_code == 200
    assert api("head").post(f"/api/claims/{claim}/consents/", body).status_code == 409
    assert api("finance").post(f"/api/claims/{claim}/consents/", body).status_code == 403
    # And finance's final approval keeps the consented amount
    final = api("finance").post(f"/api/claims/{claim}/approve/").data
    assert line(final, "x1") == ("26.00", "P4.6")


def test_consent_and_note_refusals(api):
    claim = submitted_claim(api, [TAXI_HZ, LODGING])
    url = f"/api/claims/{claim}/consents/"
    # A line that is no taxi or tricycle, an unknown line, a blank note
    lodging = api("head").post(url, {"item": "h1", "note": "同意"}, format="json")
    assert (lodging.status_code, list(lodging.data)) == (400, ["item"])
    unknown = api("head").post(url, {"item": "zz", "note": "同意"}, format="json")
    assert (unknown.status_code, list(unknown.data)) == (400, ["item"])
    blank = api("head").post(url, {"item": "x1", "note": " "}, format="json")
    assert (blank.status_code, list(blank.data)) == (400, ["note"])
    # Another salesperson does not see the claim at all
    assert api("sales2").post(url, {"item": "x1", "note": "同意"}).status_code == 404
    assert ClaimConsent.objects.count() == 0
    # A note, too, is about a taxi or tricycle line
    note = api("head").post(f"/api/claims/{claim}/notes/", {"item": "h1", "note": "x"})
    assert (note.status_code, list(note.data)) == (400, ["item"])
    assert ClaimNote.objects.count() == 0


def test_consent_on_a_draft_claim_is_409(api):
    claim = new_claim(api, [TAXI_HZ])
    response = api("head").post(
        f"/api/claims/{claim['id']}/consents/", {"item": "x1", "note": "同意"}
    )
    assert response.status_code == 409


def test_current_approver_writes_the_reviewer_note_p4_6_d(api, cast):
    claim = submitted_claim(api, [TAXI_SPECIAL])
    url = f"/api/claims/{claim}/notes/"
    body = {"item": "x2", "note": "暴雨公交停运，核实无误"}
    assert api("sales1").post(url, body).status_code == 403
    assert api("finance").post(url, body).status_code == 403  # not yet finance's step
    response = api("head").post(url, body, format="json")
    assert response.status_code == 200, response.data
    assert line(response.data, "x2") == ("30.00", "P4.6")
    (note,) = response.data["notes"]
    assert (note["by"], note["role"], note["note"]) == (cast["head"].pk, "dept_head", body["note"])
    event = audit_trail(Claim.objects.get(pk=claim)).get(action="note")
    assert (event.actor, event.comment, event.data["rule"]) == (cast["head"], body["note"], "P4.6")
    # Finance, at its own step, may write a note too (the current step's approver)
    api("head").post(f"/api/claims/{claim}/approve/")
    again = api("finance").post(url, {"item": "x2", "note": "财务复核"}, format="json")
    assert again.status_code == 200
    assert [n["role"] for n in again.data["notes"]] == ["dept_head", "finance"]


def test_a_line_changed_after_the_consent_loses_it(api):
    # Given the head consented to a 26.00 taxi and finance then rejected the claim
    claim = submitted_claim(api, [TAXI_HZ])
    api("head").post(f"/api/claims/{claim}/consents/", {"item": "x1", "note": "同意"})
    api("head").post(f"/api/claims/{claim}/approve/")
    assert (
        api("finance").post(f"/api/claims/{claim}/reject/", {"comment": "票据不清"}).data["status"]
        == "rejected"
    )
    # When the claimant raises the taxi to 2600.00
    raised = TAXI_HZ | {"amount": "2600.00"}
    data = api("sales1").patch(f"/api/claims/{claim}/", {"items": [raised]}, format="json").data
    # Then the consent no longer applies to it
    assert line(data, "x1") == ("0.00", "P4.6")
    assert data["consents"][0]["applies"] is False
    # While an unchanged line keeps it
    back = api("sales1").patch(f"/api/claims/{claim}/", {"items": [TAXI_HZ]}, format="json").data
    assert line(back, "x1") == ("26.00", "P4.6")


def test_the_claim_pdf_shows_who_consented_when_and_why(api, tmp_path):
    claim = submitted_claim(api, [TAXI_HZ, PARKING])
    api("head").post(f"/api/claims/{claim}/consents/", {"item": "x1", "note": "事先电话同意"})
    api("head").post(
        f"/api/claims/{claim}/overrides/", {"item": "p1", "amount": "15.00", "reason": "客户处停车"}
    )
    stored = Claim.objects.get(pk=claim)
    path = tmp_path / "claim.pdf"
    path.write_bytes(printing.claim_pdf(stored))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = " ".join(text.split())
    day = printing.cn_date(ClaimConsent.objects.get().at)
    assert "审批人调整、说明与同意" in squeezed
    # Issue 10, item 13: a line by its number and kind, never its stored id.
    assert f"1. 第1行 出租车：部门负责人同意（P4.6） —— 王强，{day}：事先电话同意" in squeezed
    assert f"2. 第2行 其他：调整为¥15.00（P9） —— 王强，{day}：客户处停车" in squeezed
    assert "x1" not in squeezed and "p1" not in squeezed


# ---------------------------------------------------------------- item 2: override bounds


def test_override_is_at_most_the_amount_claimed_p9(api):
    claim = submitted_claim(api, [PARKING])
    url = f"/api/claims/{claim}/overrides/"
    above = api("head").post(url, {"item": "p1", "amount": "15.01", "reason": "x"}, format="json")
    assert (above.status_code, list(above.data)) == (400, ["amount"])
    assert "15.00" in str(above.data["amount"][0])
    huge = api("head").post(
        url, {"item": "p1", "amount": "999999999.99", "reason": "x"}, format="json"
    )
    assert (huge.status_code, list(huge.data)) == (400, ["amount"])
    negative = api("head").post(
        url, {"item": "p1", "amount": "-1.00", "reason": "x"}, format="json"
    )
    assert (negative.status_code, list(negative.data)) == (400, ["amount"])
    assert ClaimOverride.objects.count() == 0
    equal = api("head").post(url, {"item": "p1", "amount": "15.00", "reason": "x"}, format="json")
    assert equal.status_code == 200
    assert line(equal.data, "p1") == ("15.00", "override")


def test_override_service_refuses_a_negative_amount(api, cast):
    claim = Claim.objects.get(pk=submitted_claim(api, [PARKING]))
    with pytest.raises(RuleBroken) as refused:
        services.claim_override(
            claim=claim, actor=cast["head"], item="p1", amount=Decimal("-0.01"), reason="x"
        )
    assert refused.value.field == "amount"


# ---------------------------------------------------------------- item 8: overflow


def test_eleven_items_of_999999999_99_are_a_400_on_the_amount(api):
    trip = approved_trip(api)
    items = [{"id": f"o{n}", "kind": "other", "amount": "999999999.99"} for n in range(11)]
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["items[0].amount"]
    assert response.data["items[0].amount"] == ["单项金额不能超过100000.00元"]


def test_one_fen_above_the_item_maximum_is_a_400_on_that_item(api):
    trip = approved_trip(api)
    items = [PARKING, {"id": "o1", "kind": "other", "amount": "100000.01"}]
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    assert (response.status_code, list(response.data)) == (400, ["items[1].amount"])


def test_items_within_bounds_but_over_the_total_are_a_400_on_items(api):
    trip = approved_trip(api)
    items = [{"id": f"o{n}", "kind": "other", "amount": "100000.00"} for n in range(11)]
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    assert (response.status_code, list(response.data)) == (400, ["items"])
    assert response.data["items"] == ["报销单合计金额不能超过1000000.00元"]


def test_the_largest_claim_allowed_is_stored(api):
    items = [{"id": f"o{n}", "kind": "other", "amount": "100000.00"} for n in range(10)]
    claim = new_claim(api, items)
    assert claim["totals"]["claimed"] == "1000000.00"
    assert Claim.objects.get().claimed_total == Decimal("1000000.00")


def test_more_than_100_items_is_a_400_on_items(api):
    trip = approved_trip(api)
    items = [{"id": f"c{n}", "kind": "city_bus", "amount": "2.00"} for n in range(101)]
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    assert (response.status_code, list(response.data)) == (400, ["items"])
    claim = new_claim(api, items[:100], trip=trip)
    patched = api("sales1").patch(f"/api/claims/{claim['id']}/", {"items": items}, format="json")
    assert (patched.status_code, list(patched.data)) == (400, ["items"])


def test_a_correction_copies_only_the_claimants_facts(api):
    # Given an approved claim whose stored items carry a reviewer field (written before the fix)
    claim = submitted_claim(api, [TAXI_HZ])
    api("head").post(f"/api/claims/{claim}/approve/")
    api("finance").post(f"/api/claims/{claim}/approve/")
    Claim.objects.filter(pk=claim).update(items=[TAXI_HZ | {"head_consent": True}])
    # When the claimant corrects it
    correction = api("sales1").post(f"/api/claims/{claim}/correct/")
    assert correction.status_code == 201, correction.data
    # Then the correction carries the claimant's facts alone
    assert correction.data["items"] == [TAXI_HZ]
    assert line(correction.data, "x1") == ("0.00", "P4.6")
