"""D2 on a 390 px phone: sales1 writes this month's sales plan (目标、策略、行动计划、拜访计划 and a
planned customer), saves it and submits it to the department manager; the head finds it in the
inbox, opens it and approves it; sales1 then reads it as approved, without an edit button."""

from __future__ import annotations

import pytest
from helpers import no_sideways_scroll, shot

from fieldsales.department.plans.models import Plan, PlanStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales1_writes_the_months_plan_and_the_head_approves_it(phone):
    sales = phone("sales1")
    sales.goto("/department/plans/")
    assert no_sideways_scroll(sales)
    sales.get_by_role("link", name="写本月销售计划").click()
    sales.locator("#plan-form").wait_for()
    sales.fill("#id_goal", "签单 60 万元，回款 50 万元")
    sales.fill("#id_strategy", "主攻农光互补项目")
    sales.fill("#id_action_plan", "第一周电话预约，第二周起上门拜访")
    sales.fill("#id_visit_plan", "每周拜访 5 家，其中新客户 2 家")
    sales.locator("input[name=customers]").first.check()
    assert no_sideways_scroll(sales)
    shot(sales, "plans-sales-form-phone")
    sales.get_by_role("button", name="保存草稿").click()
    sales.get_by_role("button", name="提交审批").wait_for()
    assert no_sideways_scroll(sales)
    sales.once("dialog", lambda dialog: dialog.accept())
    sales.get_by_role("button", name="提交审批").click()
    sales.locator(".page-title .badge", has_text="待审批").wait_for()
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.SUBMITTED and plan.customers.count() == 1

    head = phone("head")
    head.goto("/approvals/")
    head.locator(f'a[href="/department/plans/{plan.pk}/"]').first.click()
    head.locator("#plan-parts").wait_for()
    assert "主攻农光互补项目" in head.locator("#plan-parts").inner_text()
    assert no_sideways_scroll(head)
    head.fill("textarea[name=comment]", "同意，注意回款")
    head.get_by_role("button", name="同意").click()
    head.locator(".page-title .badge", has_text="已批准").wait_for()
    shot(head, "plans-approved-phone")
    assert Plan.objects.get().status == PlanStatus.APPROVED

    sales.goto(f"/department/plans/{plan.pk}/")
    sales.locator(".page-title .badge", has_text="已批准").wait_for()
    assert sales.locator(f'a[href="/department/plans/{plan.pk}/edit/"]').count() == 0


def test_the_head_keeps_this_weeks_plan_on_a_phone(phone, cast):
    from django.utils import timezone

    from fieldsales.department.plans import services

    plan = services.plan_create(
        actor=cast["head"],
        data={
            "kind": "weekly",
            "period_start": timezone.localdate(),
            "items": [
                {"task": "催收义乌恒达光电尾款", "owner": cast["sales2"].pk, "due": plan_due()},
            ],
        },
    )
    head = phone("head")
    head.goto(f"/department/plans/{plan.pk}/")
    item = plan.items.get()
    head.select_option(f"#status-{item.pk}", "done")
    head.fill(f"#result-{item.pk}", "已收 5 万元")
    head.locator(f'[data-item="{item.pk}"]').get_by_role("button", name="更新").click()
    head.locator(f'[data-item="{item.pk}"] .badge', has_text="已完成").wait_for()
    head.fill("#id_task", "准备周六例会培训")
    head.select_option("#id_owner", str(cast["head"].pk))
    head.get_by_role("button", name="添加", exact=True).click()
    head.locator(".plan-item-task", has_text="准备周六例会培训").wait_for()
    assert no_sideways_scroll(head)
    shot(head, "plans-weekly-phone")
    assert plan.items.count() == 2


def plan_due() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()
