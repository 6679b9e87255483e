"""Issue 10, items 1-2 on a 390x844 phone: a refused claim form keeps its three photos, and
the head opens the second receipt full screen and swipes to the others."""

from __future__ import annotations

import re

import pytest
from helpers import SCREENSHOTS, approved_trip, shot, tiny_jpeg

from fieldsales.trips.models import Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def receipt_photo(n: int) -> dict:
    return {"name": f"ride{n}.jpg", "mimeType": "image/jpeg", "buffer": tiny_jpeg(size=(300, 420))}


def fill_taxi(row, amount: str, n: int) -> None:
    row.locator("select[name$=kind]").select_option("taxi")
    row.locator("input[name$='-amount']").fill(amount)
    row.locator("select[name$=reason]").select_option("night_work")
    row.locator("input[type=file][name$=receipt]").set_input_files(receipt_photo(n))


def loaded_images(locator) -> int:
    """How many of the (lazy) images have loaded, once each was scrolled into view."""
    for n in range(locator.count()):
        locator.nth(n).scroll_into_view_if_needed()
        locator.nth(n).evaluate("i => i.decode().catch(() => null)")
    return locator.evaluate_all("els => els.filter(i => i.complete && i.naturalWidth > 0).length")


def swipe(page, selector: str, dx: int) -> None:
    """A one-finger horizontal swipe on the element (touch events, as a phone sends them)."""
    page.eval_on_selector(
        selector,
        """(el, dx) => {
            const box = el.getBoundingClientRect();
            const x = box.left + box.width / 2, y = box.top + box.height / 2;
            const touch = (cx) => new Touch({identifier: 1, target: el, clientX: cx, clientY: y});
            el.dispatchEvent(new TouchEvent("touchstart", {touches: [touch(x)],
                changedTouches: [touch(x)], bubbles: true}));
            el.dispatchEvent(new TouchEvent("touchend", {touches: [],
                changedTouches: [touch(x + dx)], bubbles: true}));
        }""",
        dx,
    )


def test_three_photos_survive_a_refused_form_and_the_head_swipes_through_them(
    phone, api, browser, live_server
):
    trip = approved_trip(api)

    # sales1 photographs three taxi receipts but forgets the second amount
    sales = phone("sales1")
    sales.goto(f"/trips/{trip}/claim/")
    rows = sales.locator("[data-item-row]")
    fill_taxi(rows.nth(0), "30.00", 0)
    for n, amount in ((1, ""), (2, "18.00")):
        sales.get_by_role("button", name="＋ 添加一张票据").click()
        fill_taxi(rows.nth(n), amount, n)
    # the line form is short: a taxi line shows no seat, no origin; amounts take decimals
    assert rows.nth(0).locator("select[name$=seat]").is_hidden()
    assert rows.nth(0).locator("input[name$=origin]").is_hidden()
    assert rows.nth(0).locator("input[name$='-amount']").get_attribute("inputmode") == "decimal"
    sales.get_by_role("button", name="保存并核算").click()
    sales.wait_for_load_state()

    # the form comes back with the error and the three photos, nothing to take again
    sales.locator(".has-error input[name$='-amount']").wait_for()
    drafts = sales.locator("[data-draft] img")
    assert drafts.count() == 3
    assert loaded_images(drafts) == 3
    shot(sales, "10-claim-refused-keeps-photos")
    # a kept photo opens full screen on the form too
    sales.locator("[data-draft] a[data-receipt]").nth(2).click()
    assert sales.locator("#receipt-viewer [data-rv-count]").inner_text() == "3 / 3"
    sales.keyboard.press("Escape")
    sales.locator("#receipt-viewer").wait_for(state="hidden")

    # the amount fixed, the claim is saved and submitted with its three receipts
    rows.nth(1).locator("input[name$='-amount']").fill("22.00")
    sales.get_by_role("button", name="保存并提交审批").click()
    sales.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim = Claim.objects.get(trip_id=trip)
    assert claim.receipts.count() == 3
    assert claim.status == "submitted"
    assert sales.locator("#lines a[data-receipt] img").count() == 3
    number = claim.number

    # the head opens the claim and taps the second receipt
    head = phone("head")
    head.goto(f"/claims/{claim.pk}/")
    assert number in head.locator(".page-title").inner_text()
    thumbs = head.locator("#lines a[data-receipt]")
    assert thumbs.count() == 3
    assert loaded_images(head.locator("#lines a[data-receipt] img")) == 3
    shot(head, "10b-head-claim-with-receipts")
    second = thumbs.nth(1).get_attribute("href")
    thumbs.nth(1).click()
    viewer = head.locator("#receipt-viewer")
    viewer.wait_for(state="visible")
    box = viewer.bounding_box()
    assert (box["width"], box["height"]) == (390, 844)  # the whole screen
    assert viewer.locator("[data-rv-count]").inner_text() == "2 / 3"
    assert viewer.locator("[data-rv-label]").inner_text() == "第2行 出租车 · 票据 1"
    assert viewer.locator("[data-rv-stage] img").get_attribute("src") == second
    head.wait_for_function(
        "() => { const i = document.querySelector('#receipt-viewer img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # the screen as the head sees it
    head.screenshot(path=str(SCREENSHOTS / "10c-head-second-receipt-full-screen.png"))

    # the arrow button goes on, a swipe to the right comes back, the keys go both ways
    viewer.get_by_role("button", name="下一张").click()
    assert viewer.locator("[data-rv-count]").inner_text() == "3 / 3"
    assert viewer.get_by_role("button", name="下一张").is_disabled()
    swipe(head, "#receipt-viewer [data-rv-stage]", 160)
    assert viewer.locator("[data-rv-count]").inner_text() == "2 / 3"
    swipe(head, "#receipt-viewer [data-rv-stage]", -160)
    assert viewer.locator("[data-rv-count]").inner_text() == "3 / 3"
    head.keyboard.press("ArrowLeft")
    head.keyboard.press("ArrowLeft")
    assert viewer.locator("[data-rv-count]").inner_text() == "1 / 3"
    head.keyboard.press("Escape")
    viewer.wait_for(state="hidden")

    # at desktop width the same viewer fills the window, arrows at the sides of the receipt
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    try:
        page = desk.new_page()
        page.goto("/login/")
        page.fill("input[name=username]", "head")
        page.fill("input[name=password]", "demo-pass-2026")
        page.press("input[name=password]", "Enter")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"/claims/{claim.pk}/")
        shot(page, "10d-desktop-claim-with-receipts")
        page.locator("#lines a[data-receipt]").nth(1).click()
        page.locator("#receipt-viewer img").wait_for()
        page.keyboard.press("ArrowRight")
        assert page.locator("#receipt-viewer [data-rv-count]").inner_text() == "3 / 3"
        page.screenshot(path=str(SCREENSHOTS / "10e-desktop-receipt-viewer.png"))
    finally:
        desk.close()
