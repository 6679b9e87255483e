"""The CRM story of the issue on a phone, in a real Chromium with a fixed, granted position."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from helpers import shot
from openpyxl import load_workbook

from fieldsales.crm.models import Customer, Opportunity, Visit, VisitSignature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 288 m east of C-0001's recorded coordinates (杭州 文三路).
AT_THE_CUSTOMER = {"latitude": 30.27415, "longitude": 120.15807, "accuracy": 10}


@pytest.fixture
def located_phone(browser, live_server, cast):
    """sales1 logged in on a 390×844 phone whose geolocation is granted and fixed."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        base_url=live_server.url,
        accept_downloads=True,
    )
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation(AT_THE_CUSTOMER)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/login/")
    page.fill("input[name=username]", "sales1")
    page.fill("input[name=password]", "demo-pass-2026")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    yield page
    context.close()


def draw_signature(page) -> None:
    canvas = page.locator("canvas[data-signature-for]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 16):
        page.mouse.move(box["x"] + 30 + step * 14, box["y"] + 60 + (step % 4) * 14)
    page.mouse.up()


def test_crm_visit_story_on_a_phone(located_phone):
    page = located_phone
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())

    # sales1 adds a prospect and is warned, while typing, of a near-duplicate
    page.get_by_role("link", name="客户").first.click()
    page.wait_for_url(re.compile(r"/crm/$"))
    shot(page, "crm-01-customers")
    page.get_by_role("link", name="新客户").click()
    page.fill("#id_name", "杭州阳光新能源科技（滨江）有限公司")
    page.locator("#duplicates").get_by_text("C-0001 杭州阳光新能源科技有限公司（张伟）").wait_for()
    page.select_option("#id_province", "浙江省")
    page.wait_for_selector("#id_city option[value='杭州市']", state="attached")
    page.select_option("#id_city", "杭州市")
    page.fill("#id_address", "滨江区江南大道588号")
    page.fill("#id_contact_name", "孙经理")
    page.fill("#id_contact_phone", "13905719999")
    shot(page, "crm-02-new-prospect-duplicate-warning")
    page.get_by_role("button", name="保存客户").click()
    page.get_by_label("我已核对，这不是同一客户，仍然保存").check()
    page.get_by_role("button", name="确认后保存").click()
    page.wait_for_url(re.compile(r"/crm/customers/\d+/$"))
    prospect = Customer.objects.get(name="杭州阳光新能源科技（滨江）有限公司")
    assert (prospect.kind, prospect.owner.username) == ("prospect", "sales1")

    # ...and plans next week's first visit to it for the Saturday meeting
    page.get_by_role("link", name="计划拜访").first.click()
    page.fill("#id_date", next_monday.isoformat())
    page.fill("#id_purpose", "初次拜访，了解屋顶光伏需求")
    page.fill("#id_materials", "公司介绍、产品手册")
    page.get_by_role("button", name="保存拜访计划").click()
    page.wait_for_url(re.compile(r"/crm/visits/\d+/$"))

    # today: a visit to C-0001 about its opportunity, appointment confirmed
    page.goto("/crm/visits/new/")
    customer = Customer.objects.get(code="C-0001")
    page.select_option("#id_customer", str(customer.pk))
    page.wait_for_url(re.compile(r"customer="))
    page.fill("#id_date", today.isoformat())
    page.fill("#id_purpose", "介绍新款组件，了解屋顶面积")
    page.fill("#id_materials", "样品、报价单")
    opportunity = Opportunity.objects.get(customer=customer)
    page.select_option("#id_opportunity", str(opportunity.pk))
    page.get_by_label("已与客户约好时间").check()
    shot(page, "crm-03-plan-visit")
    page.get_by_role("button", name="保存拜访计划").click()
    page.wait_for_url(re.compile(r"/crm/visits/\d+/$"))
    visit = Visit.objects.get(customer=customer, date=today, purpose="介绍新款组件，了解屋顶面积")

    # check in with the phone's position: the distance to the customer is shown
    page.get_by_role("button", name="到达客户，签到").click()
    page.get_by_test_id("check-in-distance").wait_for()
    assert page.get_by_test_id("check-in-distance").inner_text() == "288 米"
    shot(page, "crm-04-checked-in")
    visit.refresh_from_db()
    assert (visit.status, str(visit.check_in_lat), str(visit.check_in_lng)) == (
        "checked_in",
        "30.274150",
        "120.158070",
    )

    # the record, the same day
    page.fill("#id_content", "介绍 550W 单晶组件和安装方案，客户关心交货期。")
    page.fill("#id_needs", "厂房屋顶约 2MW")
    page.fill("#id_agreements", "下周提供设计方案和报价")
    page.fill("#id_objections", "担心雨季施工")
    page.fill("#id_next_step", "送样品，约技术交流")
    page.get_by_role("button", name="保存拜访记录").click()
    page.get_by_text("拜访记录已保存").wait_for()

    # the customer signs the feedback form on the screen
    page.locator("#sign-form").get_by_text("非常满意", exact=True).click()
    page.fill("#id_signer_name", "赵建华")
    page.fill("#id_signer_title", "采购经理")
    draw_signature(page)
    assert page.locator("#id_signature").input_value().startswith("data:image/png;base64,")
    shot(page, "crm-05-signature")
    page.get_by_role("button", name="客户确认签字").click()
    page.get_by_text("已签字 · 校验一致").wait_for()
    shot(page, "crm-06-signed")
    signature = VisitSignature.objects.get(visit=visit)
    assert (signature.signer_name, signature.satisfaction) == ("赵建华", 4)

    # the opportunity moves on to 推荐产品、了解需求 on the kanban
    page.goto("/crm/pipeline/")
    card = page.locator(f"[data-opportunity='{opportunity.pk}']")
    shot(page, "crm-07-board")
    card.get_by_role("button", name="转到 推荐产品、了解需求").click()
    page.locator("[data-stage='needs_understood']").locator(
        f"[data-opportunity='{opportunity.pk}']"
    ).wait_for()
    page.locator("[data-stage='needs_understood']").scroll_into_view_if_needed()
    shot(page, "crm-08-board-moved")
    assert Opportunity.objects.get(pk=opportunity.pk).stage == "needs_understood"

    # check out, then next week's plan for the Saturday meeting, downloaded as Excel
    page.goto(f"/crm/visits/{visit.pk}/")
    page.get_by_role("button", name="离开客户，签退").click()
    page.get_by_text("已签退，拜访结束").wait_for()
    page.goto(f"/crm/visits/?week={next_monday.isoformat()}")
    page.get_by_text("杭州阳光新能源科技（滨江）有限公司").wait_for()
    shot(page, "crm-09-weekly-plan")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载周计划（Excel，周六例会用）").click()
    wb = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    values = [c.value for row in wb["张伟"].iter_rows() for c in row if c.value]
    assert "杭州阳光新能源科技（滨江）有限公司（携带：公司介绍、产品手册）" in values
    assert "介绍 550W 单晶组件和安装方案，客户关心交货期。" in values
