"""The whole trip of the issue, on a phone-sized screen, in a real Chromium."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from helpers import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def approve_first_in_inbox(page, number: str, screenshot: str | None = None) -> None:
    page.goto("/approvals/")
    page.get_by_text(number).first.click()
    if screenshot:
        shot(page, screenshot)
    page.get_by_role("button", name="同意").click()
    page.wait_for_url(re.compile(r"/approvals/$"))


def test_trip_story_in_the_browser(phone):
    # The trip starts today: its report is accepted once it has started (issue 7, item 11).
    first_day = timezone.localdate()
    second_day = first_day + timedelta(days=1)

    # sales1 plans a two-day trip to 杭州 and sees the estimate
    sales = phone("sales1")
    sales.goto("/trips/new/")
    sales.select_option("select[name=purpose]", "customer_visit")
    sales.select_option("select[name=province]", "浙江省")
    sales.wait_for_selector("select[name=city] option[value='杭州市']", state="attached")
    sales.select_option("select[name=city]", "杭州市")
    sales.fill("input[name=depart]", first_day.isoformat())
    sales.fill("input[name=return_date]", second_day.isoformat())
    sales.fill("#id_customers_search", "阳光")
    sales.locator(".picker-option", has_text="杭州阳光新能源科技有限公司").click()
    sales.locator("#estimate").get_by_text("200.00").wait_for()
    shot(sales, "01-trip-form-estimate")
    sales.get_by_role("button", name="提交审批").click()
    sales.wait_for_url(re.compile(r"/trips/\d+/$"))
    number = sales.locator(".page-title").inner_text().split()[1]
    trip_url = sales.url

    # head, then gm, approve from their inbox
    approve_first_in_inbox(phone("head"), number, "01b-head-decides-trip")
    gm = phone("gm")
    approve_first_in_inbox(gm, number)
    sales.goto(trip_url)
    assert "已批准" in sales.locator(".page-title").inner_text()

    # sales1 draws an advance of 300; finance and gm approve; finance pays
    sales.get_by_role("link", name="申请预支").click()
    sales.fill("input[name=amount]", "300")
    sales.get_by_role("button", name="提交预支申请").click()
    sales.wait_for_url(re.compile(r"/advances/\d+/$"))
    advance_number = sales.locator(".page-title").inner_text().split()[1]
    finance = phone("finance")
    approve_first_in_inbox(finance, advance_number)
    approve_first_in_inbox(gm, advance_number)
    finance.goto("/approvals/")
    finance.get_by_text(advance_number).first.click()
    finance.once("dialog", lambda dialog: dialog.accept())
    finance.get_by_role("button", name="登记付款").click()
    finance.get_by_text("已付款").first.wait_for()

    # sales1 files the report; the customer signs on the screen
    sales.goto(trip_url)
    sales.get_by_role("link", name="填写出差报告").click()
    sales.fill("textarea[name=route]", "金华—杭州—金华")
    sales.locator("textarea[name$=content]").fill("介绍新款组件，客户关心交货期")
    sales.locator("input[name$=signer_name]").fill("赵经理")
    canvas = sales.locator("canvas[data-signature-for]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    sales.mouse.move(box["x"] + 20, box["y"] + 30)
    sales.mouse.down()
    for step in range(1, 12):
        sales.mouse.move(box["x"] + 20 + step * 15, box["y"] + 30 + (step % 3) * 12)
    sales.mouse.up()
    assert sales.locator("input[name$=signature]").input_value().startswith("data:image/png")
    shot(sales, "02-report-signature")
    sales.get_by_role("button", name="提交出差报告").click()
    sales.wait_for_load_state()
    shot(sales, "02b-report-submitted")
    sales.wait_for_url(trip_url)
    sales.get_by_text("已签字").wait_for()
    shot(sales, "02d-trip-after-report")

    # and claims a train ticket, a night taxi in 义乌 and a hotel bill
    sales.get_by_role("link", name="填写报销单").click()
    rows = sales.locator("[data-item-row]")
    rows.nth(0).locator("select[name$=kind]").select_option("train")
    rows.nth(0).locator("input[name$='-amount']").fill("73.50")
    rows.nth(0).locator("select[name$=seat]").select_option("second_class")
    rows.nth(0).locator("input[name$=hours]").fill("1.2")
    sales.get_by_role("button", name="＋ 添加一张票据").click()
    taxi = rows.nth(1)
    taxi.locator("select[name$=kind]").select_option("taxi")
    taxi.locator("input[name$='-amount']").fill("26.00")
    taxi.locator("input[name$=city]").fill("义乌市")
    taxi.locator("select[name$=reason]").select_option("night_work")
    taxi.locator("input[name$=start]").fill("义乌站")
    taxi.locator("input[name$=end]").fill("客户工厂")
    taxi.locator("input[name$=note]").fill("21:40 到站，赶往客户工厂送样")
    sales.get_by_role("button", name="＋ 添加一张票据").click()
    hotel = rows.nth(2)
    hotel.locator("select[name$=kind]").select_option("lodging")
    hotel.locator("input[name$='-amount']").fill("180.00")
    hotel.locator("input[name$=invoice]").check()
    sales.get_by_role("button", name="保存并提交审批").click()
    sales.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim_url = sales.url
    claim_number = sales.locator(".page-title").inner_text().split()[1]

    # head and finance approve; the settlement says 0.50 goes back
    approve_first_in_inbox(phone("head"), claim_number, "02c-head-decides-claim")
    approve_first_in_inbox(finance, claim_number)
    sales.goto(claim_url)
    assert "应退还公司" in sales.locator("#settlement").inner_text()
    assert "0.50" in sales.locator("#settlement").inner_text()
    hotel_line = sales.locator("#lines tr[data-item=i3]")
    assert "P3.4" in hotel_line.inner_text()
    assert "住宿费已含在每日补贴中" in hotel_line.inner_text()
    shot(sales, "03-claim-settlement")
