"""Issue 10.4 and 10.5 on a phone: the claimant withdraws a claim sent too early and sends it
again; finance pays the advance and settles the claim saying how, when and which voucher."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from factories import AdvanceFactory, ClaimFactory, TripFactory
from helpers import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRAIN = {
    "id": "t1",
    "kind": "train",
    "amount": "73.50",
    "hours": 1.2,
    "seat": "second_class",
    "invoice": True,
}


def test_withdraw_then_pay_and_settle_with_a_voucher(phone, cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    advance = AdvanceFactory(trip=trip, status="approved")
    claim = ClaimFactory(trip=trip, items=[TRAIN], status="submitted")

    # sales1 withdraws the claim before the head decides, and it is a draft again
    sales = phone("sales1")
    sales.goto(f"/claims/{claim.pk}/")
    shot(sales, "10-4-claim-withdraw-button")
    sales.once("dialog", lambda dialog: dialog.accept())
    sales.get_by_role("button", name="撤回").click()
    sales.get_by_text("报销单已撤回").wait_for()
    assert "草稿" in sales.locator(".page-title").inner_text()
    sales.get_by_role("button", name="提交审批").click()
    sales.get_by_text("报销单已提交审批").wait_for()

    # finance pays the advance in cash, with a voucher number
    finance = phone("finance")
    finance.goto(f"/advances/{advance.pk}/")
    form = finance.locator("#pay-form")
    assert form.locator("input[name=date]").input_value() == timezone.localdate().isoformat()
    form.get_by_label("现金").check()
    form.locator("input[name=voucher]").fill("记-2026-12-0031")
    shot(finance, "10-5-advance-pay-form")
    finance.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="登记付款").click()
    finance.get_by_text("已登记付款").wait_for()
    assert finance.locator("[data-payment=paid-method]").inner_text() == "现金"
    assert finance.locator("[data-payment=paid-voucher]").inner_text() == "记-2026-12-0031"
    shot(finance, "10-5-advance-paid")

    # head and finance approve the claim; finance settles it by transfer
    head = phone("head")
    for approver in (head, finance):
        approver.goto(f"/claims/{claim.pk}/")
        approver.get_by_role("button", name="同意").click()
        approver.wait_for_url(re.compile(r"/approvals/$"))
    finance.goto(f"/claims/{claim.pk}/")
    settle = finance.locator("#settle-form")
    assert settle.get_by_label("转账").is_checked()
    settle.locator("input[name=voucher]").fill("记-2026-12-0032")
    finance.once("dialog", lambda dialog: dialog.accept())
    settle.get_by_role("button").click()
    finance.get_by_text("已登记结算").wait_for()
    assert finance.locator("[data-payment=settled-voucher]").inner_text() == "记-2026-12-0032"
    shot(finance, "10-5-claim-settled")
