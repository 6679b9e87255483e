"""D2 pages: 计划 in the 部门 tab; sales1 writes the month's plan (four parts, planned customers)
and submits it; the head approves or sends it back from the page; the head's weekly plan with
items added and kept up to date; an approved yearly plan's 计划变更."""

from __future__ import annotations

from test_plans_support import FOUR_PARTS, approved_yearly, submitted_sales_plan, work_plan

from fieldsales.department.plans.models import Plan, PlanItem, PlanStatus


def _login(client, cast, who):
    client.force_login(cast[who])
    return client


def test_d2_plans_is_a_section_of_the_department_tab(client, cast):
    page = _login(client, cast, "sales1").get("/department/plans/").content.decode()

    assert 'href="/department/plans/"' in page and 'href="/department/targets/"' in page
    assert "写本月销售计划" in page
    head = _login(client, cast, "head").get("/department/plans/").content.decode()
    assert "新建工作计划" in head and "写本月销售计划" not in head


def test_d2_sales1_writes_and_submits_the_months_plan_through_the_pages(client, cast):
    from fieldsales.crm.models import Customer

    _login(client, cast, "sales1")
    customer = Customer.objects.filter(owner=cast["sales1"]).order_by("pk").first()
    form = client.get("/department/plans/new/?kind=sales").content.decode()
    assert "拜访计划" in form and customer.name in form

    answer = client.post(
        "/department/plans/new/?kind=sales",
        {"period": "2027-03", **FOUR_PARTS, "customers": [customer.pk]},
    )

    plan = Plan.objects.get()
    assert answer.url == f"/department/plans/{plan.pk}/"
    assert plan.period_start.isoformat() == "2027-03-01" and list(plan.customers.all()) == [
        customer
    ]
    detail = client.get(answer.url).content.decode()
    assert FOUR_PARTS["strategy"] in detail and "提交审批" in detail
    client.post(f"/department/plans/{plan.pk}/submit/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_d2_a_second_plan_for_the_month_is_refused_on_the_page(client, cast, api):
    submitted_sales_plan(api)
    _login(client, cast, "sales1")

    answer = client.post("/department/plans/new/?kind=sales", {"period": "2027-03", **FOUR_PARTS})

    assert answer.status_code == 400 and "该期间的计划已存在" in answer.content.decode()


def test_d2_the_head_approves_from_the_page_and_the_plan_is_read_only(client, cast, api):
    plan = submitted_sales_plan(api)
    _login(client, cast, "head")
    page = client.get(f"/department/plans/{plan['id']}/").content.decode()
    assert "同意" in page and "驳回" in page

    client.post(f"/department/plans/{plan['id']}/approve/", {"comment": "好"})

    assert Plan.objects.get(pk=plan["id"]).status == PlanStatus.APPROVED
    _login(client, cast, "sales1")
    page = client.get(f"/department/plans/{plan['id']}/").content.decode()
    assert "张伟创建了计划" in page and "王强批准了计划" in page  # the audit trail
    assert f'href="/department/plans/{plan["id"]}/edit/"' not in page
    edit = client.get(f"/department/plans/{plan['id']}/edit/")
    assert edit.status_code == 302 and edit.url == f"/department/plans/{plan['id']}/"


def test_d2_a_reject_without_a_comment_is_refused_on_the_page(client, cast, api):
    plan = submitted_sales_plan(api)
    _login(client, cast, "head")

    client.post(f"/department/plans/{plan['id']}/reject/", {"comment": ""})
    assert Plan.objects.get(pk=plan["id"]).status == PlanStatus.SUBMITTED
    client.post(f"/department/plans/{plan['id']}/reject/", {"comment": "请补充客户"})
    assert Plan.objects.get(pk=plan["id"]).status == PlanStatus.REJECTED


def test_d2_the_head_keeps_a_weekly_plan_on_the_page(client, cast):
    _login(client, cast, "head")
    created = client.post(
        "/department/plans/new/?kind=weekly",
        {"kind": "weekly", "period": "2027-03-10", "note": "本周重点：回款"},
    )
    plan = Plan.objects.get()
    assert created.url == f"/department/plans/{plan.pk}/" and plan.status == PlanStatus.ACTIVE

    client.post(
        f"/department/plans/{plan.pk}/items/",
        {"task": "催收尾款", "owner": cast["sales2"].pk, "due": "2027-03-12"},
    )
    item = PlanItem.objects.get()
    client.post(
        f"/department/plans/{plan.pk}/items/{item.pk}/", {"status": "done", "result": "已收"}
    )
    item.refresh_from_db()
    assert (item.status, item.result) == ("done", "已收")
    page = client.get(f"/department/plans/{plan.pk}/").content.decode()
    assert "催收尾款" in page and "已完成" in page and "李娜" in page
    client.post(f"/department/plans/{plan.pk}/items/{item.pk}/delete/")
    assert not PlanItem.objects.exists()


def test_d2_an_item_for_someone_outside_is_refused_on_the_page(client, cast, api):
    plan = work_plan(api, cast, kind="weekly", start="2027-03-08")
    _login(client, cast, "head")

    client.post(
        f"/department/plans/{plan['id']}/items/",
        {"task": "x", "owner": cast["gm"].pk, "due": "2027-03-12"},
    )

    assert PlanItem.objects.filter(plan_id=plan["id"]).count() == 2


def test_d2_a_change_is_proposed_from_the_approved_yearly_plan(client, cast, api):
    plan = approved_yearly(api, cast)
    _login(client, cast, "head")
    page = client.get(f"/department/plans/{plan['id']}/").content.decode()
    assert "计划变更" in page

    answer = client.post(f"/department/plans/{plan['id']}/change/", {"reason": "增加新品推广"})

    changed = Plan.objects.get(version=2)
    assert answer.url == f"/department/plans/{changed.pk}/"
    assert changed.reason == "增加新品推广" and changed.items.count() == 2


def test_d2_the_list_page_pages_and_filters(client, cast, api):
    from datetime import date

    from fieldsales.department.plans import services

    for month in range(1, 13):
        services.plan_create(
            actor=cast["sales1"], data={"kind": "sales", "period_start": date(2025, month, 1)}
        )
    for month in range(1, 12):
        services.plan_create(
            actor=cast["sales1"], data={"kind": "sales", "period_start": date(2026, month, 1)}
        )
    _login(client, cast, "sales1")

    first = client.get("/department/plans/").content.decode()
    assert first.count('data-plan="') == 20 and "1 / 2" in first
    second = client.get("/department/plans/?page=2").content.decode()
    assert second.count('data-plan="') == 3
    weekly = client.get("/department/plans/?kind=weekly").content.decode()
    assert 'data-plan="' not in weekly and "还没有计划" in weekly


def test_d2_the_sales_plan_form_shows_the_months_target(client, cast, api, sales_department):
    from targets_support import approved_split, publish_company

    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)
    _login(client, cast, "sales1")

    page = client.get("/department/plans/new/?kind=sales&period=2027-03").content.decode()

    assert "本月目标（只读）" in page and "50,000.00" in page
