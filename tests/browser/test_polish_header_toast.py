"""Issue 10, items 14 and 17 on a 390-pixel phone: the company's name in the header is never
cut off (Chinese and English), the success toast does not cover the page's title, and the
home page greets each role with its own blocks."""

from __future__ import annotations

import pytest
from helpers import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _not_truncated(page) -> None:
    name = page.locator(".brand-name")
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    top = page.locator(".topbar").bounding_box()
    box = name.bounding_box()
    assert box["y"] >= top["y"] - 1 and box["y"] + box["height"] <= top["y"] + top["height"] + 1


def test_header_name_fits_and_toast_clears_the_title(phone):
    page = phone("sales1")
    _not_truncated(page)
    shot(page, "polish-home-sales1-zh")
    page.click("button.lang")
    page.wait_for_load_state()
    _not_truncated(page)
    shot(page, "polish-home-sales1-en")
    page.click("button.lang")
    page.wait_for_load_state()
    # A success toast (as Django messages render it) does not cover the page's title.
    page.goto("/trips/")
    page.evaluate(
        """() => document.getElementById("toasts").insertAdjacentHTML("beforeend",
        '<div class="toast toast-success" role="status" data-toast><div class="toast-text">'
        + '已保存，已提交审批，请等待部门负责人审批</div></div>')"""
    )
    toast = page.locator("[data-toast]").first.bounding_box()
    title = page.locator(".page-title").bounding_box()
    assert toast["y"] >= title["y"] + title["height"] or toast["y"] + toast["height"] <= title["y"]
    shot(page, "polish-toast-phone")


@pytest.mark.parametrize("username", ["head", "finance", "admin"])
def test_home_per_role_on_a_phone(phone, username):
    page = phone(username)
    _not_truncated(page)
    shot(page, f"polish-home-{username}")


def test_claim_page_audit_and_findings_read_as_words(phone, api):
    from helpers import approved_trip

    trip = approved_trip(api)
    items = [
        {"id": "i3", "kind": "lodging", "amount": "180.00", "invoice": True},
        {"id": "i7", "kind": "taxi", "amount": "26.00", "city": "杭州市", "note": "送样"},
    ]
    claim = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    pk = claim.data["id"]
    api("sales1").post(f"/api/claims/{pk}/submit/")
    api("head").post(
        f"/api/claims/{pk}/overrides/", {"item": "i7", "amount": "20.00", "reason": "绕路"}
    )
    page = phone("head")
    page.goto(f"/claims/{pk}/")
    page.click("details.card > summary")
    text = page.locator("main").inner_text()
    assert "第2行 出租车" in text and "特批" in text and "i7" not in text
    shot(page, "polish-claim-head")
