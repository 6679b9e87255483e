"""Issue 15 on a 390x844 phone: a salesperson with more customers than a drop-down lists
finds one by typing, picks it, gets its contact filled in, and files a service request."""

from __future__ import annotations

import re

import pytest
from factories import many_customers
from helpers import shot

from fieldsales.crm.service.models import ServiceRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_customer_beyond_the_first_rows_is_found_by_typing_and_used(phone, cast):
    far = many_customers(cast["sales1"], 60)
    page = phone("sales1")
    page.goto("/crm/service/new/")
    select = page.locator("select[name=customer]")
    assert select.locator("option", has_text="远方光伏电站").count() == 0

    search = page.locator(".search-select-input")
    assert search.is_visible()
    box, below = search.bounding_box(), select.bounding_box()
    assert box is not None and below is not None and box["y"] < below["y"]  # above its select
    assert box["x"] + box["width"] <= 390

    search.press_sequentially("远方", delay=30)
    page.locator(".search-select-status", has_text="找到 1 个").wait_for()
    shot(page, "15-search-select-phone")
    page.select_option("select[name=customer]", label=f"{far.code} 远方光伏电站")
    # The contact comes from the found row, as from a listed one (crm.js).
    assert page.input_value("input[name=contact_name]") == far.contact_name
    assert page.input_value("input[name=contact_phone]") == far.contact_phone

    # Enter in the search box does not submit the half-filled form.
    search.press("Enter")
    assert page.url.endswith("/crm/service/new/")

    page.fill("input[name=title]", "逆变器报警")
    page.fill("textarea[name=description]", "客户反映逆变器夜间报警，需要上门检查。")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url(re.compile(r"/crm/service/\d+/$"))
    request = ServiceRequest.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert request.customer_id == far.pk
    assert request.contact_name == far.contact_name


def test_a_pool_customer_is_found_and_planned_in_the_months_plan(phone, cast):
    from fieldsales.department.plans.models import Plan

    far = many_customers(cast["sales1"], 60, status="pool")
    page = phone("sales1")
    page.goto("/department/plans/new/?kind=sales")
    boxes = page.locator("div.search-checkboxes")
    assert boxes.locator("label", has_text="远方光伏电站").count() == 0
    first = boxes.locator("input[name=customers]").first
    first.check()  # one of the salesperson's own, listed first

    search = page.locator(".search-select-input")
    search.press_sequentially("远方", delay=30)
    page.locator(".search-select-status", has_text="找到 1 个").wait_for()
    # The ticked one stays; the unticked first rows make way for the row found.
    assert boxes.locator("input[name=customers]").count() == 2
    boxes.get_by_label(f"{far.code} 远方光伏电站").check()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "15-plan-customers-search-phone")

    for name in ("goal", "strategy", "action_plan", "visit_plan"):
        page.fill(f"#id_{name}", "本月计划")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="提交审批").wait_for()
    plan = Plan.objects.get()
    assert far in plan.customers.all() and plan.customers.count() == 2
