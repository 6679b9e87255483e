"""Issue 10.8 and 10.9 on a phone: a rejection without a reason is refused and the document
stays pending; several trips and claims are approved from the inbox in one action."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from factories import ClaimFactory, TripFactory
from helpers import shot

from fieldsales.trips.models import Claim, Trip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def user(name: str):
    return get_user_model().objects.get(username=name)


def test_a_rejection_without_a_reason_is_refused(phone):
    trip = TripFactory(traveller=user("sales1"), status="submitted")
    head = phone("head")
    head.goto(f"/trips/{trip.pk}/")
    # The chain shows who decides now and who comes next.
    head.locator('.approval-chain [data-step-state="current"]').wait_for()
    assert head.locator('.approval-chain [data-step-state="upcoming"]').count() == 1

    head.once("dialog", lambda dialog: dialog.accept())  # 确定驳回？
    head.get_by_role("button", name="驳回").click()
    head.wait_for_load_state()
    error = head.locator(".toast-error")
    error.wait_for()
    assert "驳回须填写理由" in error.inner_text()
    shot(head, "10-8-reject-without-reason-refused")
    assert Trip.objects.get(pk=trip.pk).status == "submitted"
    assert "审批中" in head.locator(".page-title").inner_text()

    # With a reason the trip goes back to its traveller, who finds it in 待我处理.
    head.fill("textarea[name=comment]", "请补充拜访的客户")
    head.once("dialog", lambda dialog: dialog.accept())
    head.get_by_role("button", name="驳回").click()
    head.wait_for_url(re.compile(r"/approvals/"))
    assert Trip.objects.get(pk=trip.pk).status == "rejected"
    sales = phone("sales1")
    sales.goto("/approvals/")
    sales.get_by_text("已被驳回：请修改后重新提交").wait_for()
    shot(sales, "10-8-author-finds-rejected-trip")


def test_bulk_approve_trips_and_claims_from_the_inbox(phone):
    trips = [TripFactory(traveller=user(u), status="submitted") for u in ("sales1", "sales2")]
    claimed = TripFactory(traveller=user("sales1"), status="approved")
    claim = ClaimFactory(trip=claimed, status="submitted")
    head = phone("head")
    head.goto("/approvals/")
    head.locator("#inbox [data-bulk-item]").first.wait_for()
    assert head.locator("#inbox [data-bulk-item]").count() == 3
    assert head.locator("[data-bulk-submit]").is_disabled()
    head.locator("[data-select-all]").check()
    assert head.locator("[data-bulk-count]").inner_text() == "(3)"
    shot(head, "10-9-bulk-selected")
    head.once("dialog", lambda dialog: dialog.accept())
    head.locator("[data-bulk-submit]").click()
    head.wait_for_load_state()
    head.locator(".toast-success").wait_for()
    assert "已同意 3 份" in head.locator(".toast-success").inner_text()
    shot(head, "10-9-bulk-approved")
    for trip in trips:
        assert Trip.objects.get(pk=trip.pk).pending_role == "gm"
    assert Claim.objects.get(pk=claim.pk).pending_role == "finance"
    # Done by me: the three documents, newest first.
    head.get_by_role("link", name="我已处理").click()
    head.wait_for_url(re.compile(r"tab=done"))
    for trip in trips:
        head.get_by_text(trip.number).wait_for()
    head.get_by_text(claim.number).wait_for()
