"""S3 on a 390x844 phone: sales1 registers an inquiry with one item and sees it waiting for
the department manager's decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from helpers import shot

from fieldsales.sales.inquiries.models import Inquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales1_registers_an_inquiry_on_a_phone_and_sees_it_waiting(phone):
    page = phone("sales1")
    page.goto("/sales/inquiries/")
    page.get_by_role("link", name="登记询价").first.click()
    page.wait_for_url("**/sales/inquiries/new/")
    page.select_option("select[name=customer]", label="C-0001 杭州阳光新能源科技有限公司")
    page.fill("input[name=title]", "手机登记的询价")
    deadline = timezone.localdate() + timedelta(days=7)
    page.fill("input[name=deadline]", deadline.isoformat())
    page.fill("input[name=estimated_amount]", "120000")
    page.locator("input[name=item_description]").first.fill("单晶组件 550W")
    page.locator("input[name=item_quantity]").first.fill("200")
    page.locator("input[name=item_unit]").first.fill("块")
    # phone first: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "inquiry-phone-form")
    page.get_by_role("button", name="登记并提交").click()
    page.wait_for_url("**/sales/inquiries/*/")
    inquiry = Inquiry.objects.get(title="手机登记的询价")
    assert inquiry.status == "submitted"
    assert page.locator("[data-status=submitted]").is_visible()
    assert "等待审批" in page.locator(".approval-chain").inner_text()
    assert "单晶组件 550W" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "inquiry-phone-detail")
