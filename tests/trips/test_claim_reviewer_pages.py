"""Issue 7, items 1, 2 and 8 through the claim pages: the claimant's form carries no reviewer
field; reviewers state overrides, notes and consents with the small forms of the claim page."""

from __future__ import annotations

import pytest
from test_claim_reviewer_fields import TAXI_HZ, TAXI_SPECIAL, approved_trip, submitted_claim

from fieldsales.trips.models import Claim, ClaimConsent, ClaimNote, ClaimOverride

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, cast):
    def as_user(username):
        client.force_login(cast[username])
        return client

    return as_user


def taxi_post(n: int = 1, **extra):
    data = {
        "items-TOTAL_FORMS": str(n),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
    }
    for i in range(n):
        data |= {
            f"items-{i}-kind": "taxi",
            f"items-{i}-amount": "26.00",
            f"items-{i}-city": "杭州市",
            f"items-{i}-start": "杭州东站",
            f"items-{i}-end": "客户公司",
            f"items-{i}-note": "送样",
        }
    return data | extra


@pytest.mark.parametrize(
    "field, value",
    [("head_consent", "on"), ("reviewer_note", "自己写的"), ("override", "99999.00")],
)
def test_claim_page_refuses_what_only_a_reviewer_states(api, login, field, value):
    trip = approved_trip(api)
    response = login("sales1").post(
        f"/trips/{trip}/claim/", taxi_post(**{f"items-0-{field}": value})
    )
    assert response.status_code == 400
    assert f"报销人不能填写{field}" in response.content.decode()
    assert Claim.objects.count() == 0


def test_claim_page_has_no_consent_box_and_prices_the_taxi_without_it(api, login):
    trip = approved_trip(api)
    page = login("sales1").get(f"/trips/{trip}/claim/").content.decode()
    assert "head_consent" not in page
    assert login("sales1").post(f"/trips/{trip}/claim/", taxi_post()).status_code == 302
    taxi = Claim.objects.get().evaluation["lines"][1]
    assert (taxi["reimbursed"], taxi["rule"]) == ("0.00", "P4.6")


def test_claim_page_refuses_an_amount_above_the_item_maximum(api, login):
    trip = approved_trip(api)
    response = login("sales1").post(
        f"/trips/{trip}/claim/", taxi_post(**{"items-0-amount": "999999999.99"})
    )
    assert response.status_code == 400
    assert "items[0].amount: 单项金额不能超过100000.00元" in response.content.decode()
    assert Claim.objects.count() == 0


def test_claim_page_refuses_more_than_100_items(api, login):
    trip = approved_trip(api)
    response = login("sales1").post(f"/trips/{trip}/claim/", taxi_post(101))
    assert response.status_code == 400
    assert "items: 一张报销单最多100项明细" in response.content.decode()
    assert Claim.objects.count() == 0


def test_head_consents_on_the_claim_page(api, login):
    claim = submitted_claim(api, [TAXI_HZ])
    # The head, at their step, sees the consent form on the taxi line
    page = login("head").get(f"/claims/{claim}/").content.decode()
    assert f"/claims/{claim}/consent/" in page
    response = login("head").post(
        f"/claims/{claim}/consent/", {"item": "x1", "note": "事先电话同意"}
    )
    assert response.status_code == 302
    assert ClaimConsent.objects.get().by.username == "head"
    taxi = Claim.objects.get().evaluation["lines"][1]
    assert (taxi["reimbursed"], taxi["rule"]) == ("26.00", "P4.6")
    # And the page shows the consent as the head's, with why
    page = login("head").get(f"/claims/{claim}/").content.decode()
    assert "部门负责人王强同意（P4.6）：事先电话同意" in page
    # Finance, at its step, gets no consent form (only the head consents) but a note form
    login("head").post(f"/claims/{claim}/approve/")
    page = login("finance").get(f"/claims/{claim}/").content.decode()
    assert f"/claims/{claim}/consent/" not in page
    assert f"/claims/{claim}/note/" in page
    login("finance").post(f"/claims/{claim}/consent/", {"item": "x1", "note": "x"})
    assert ClaimConsent.objects.count() == 1


def test_claimant_cannot_consent_through_the_page(api, login):
    claim = submitted_claim(api, [TAXI_HZ])
    page = login("sales1").get(f"/claims/{claim}/").content.decode()
    assert f"/claims/{claim}/consent/" not in page
    login("sales1").post(f"/claims/{claim}/consent/", {"item": "x1", "note": "x"})
    assert ClaimConsent.objects.count() == 0


def test_reviewer_note_on_the_claim_page(api, login):
    claim = submitted_claim(api, [TAXI_SPECIAL])
    response = login("head").post(f"/claims/{claim}/note/", {"item": "x2", "note": "暴雨停运"})
    assert response.status_code == 302
    assert ClaimNote.objects.get().note == "暴雨停运"
    taxi = Claim.objects.get().evaluation["lines"][1]
    assert (taxi["reimbursed"], taxi["rule"]) == ("30.00", "P4.6")
    page = login("sales1").get(f"/claims/{claim}/").content.decode()
    assert "王强的审核说明（P4.6）：暴雨停运" in page


def test_override_above_the_claimed_amount_is_refused_on_the_page(api, login):
    claim = submitted_claim(api, [TAXI_HZ])
    client = login("head")
    response = client.post(
        f"/claims/{claim}/override/", {"item": "x1", "amount": "26.01", "reason": "x"}, follow=True
    )
    assert "核准金额不能超过该项申报金额26.00元（P9）" in response.content.decode()
    assert ClaimOverride.objects.count() == 0
