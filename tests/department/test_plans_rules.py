"""D2's rules through the services' API: one sales plan per person and month, the manager
approves or sends it back with a comment, approved is never edited, nobody approves their own;
work plans: weekly/daily run without approval, yearly/monthly go to the GM and change by a new
version (计划变更)."""

from __future__ import annotations

from test_plans_support import (
    FOUR_PARTS,
    approved_sales_plan,
    approved_yearly,
    items_for,
    sales_plan,
    submitted_sales_plan,
    work_plan,
)

from fieldsales.department.plans.models import Plan, PlanStatus


def test_d2_a_sales_plan_is_for_the_month_holding_the_date(api):
    plan = sales_plan(api, month="2027-03-17")

    assert plan["period_start"] == "2027-03-01" and plan["period_end"] == "2027-03-31"
    assert plan["status"] == "draft" and plan["kind"] == "sales"
    assert plan["period_label"] == "2027年3月"
    assert plan["goal"] == FOUR_PARTS["goal"] and plan["visit_plan"] == FOUR_PARTS["visit_plan"]


def test_d2_one_sales_plan_per_salesperson_and_month(api):
    sales_plan(api)

    again = api("sales1").post(
        "/api/plans/", {"kind": "sales", "period_start": "2027-03-30"}, format="json"
    )
    other = api("sales2").post(
        "/api/plans/", {"kind": "sales", "period_start": "2027-03-30"}, format="json"
    )

    assert again.status_code == 409
    assert other.status_code == 201


def test_d2_a_cancelled_sales_plan_makes_room_for_a_new_one(api):
    first = sales_plan(api)
    assert api("sales1").post(f"/api/plans/{first['id']}/cancel/").status_code == 200

    again = api("sales1").post(
        "/api/plans/", {"kind": "sales", "period_start": "2027-03-01"}, format="json"
    )

    assert again.status_code == 201


def test_d2_only_a_salesperson_writes_a_sales_plan(api):
    for who in ("head", "gm"):
        answer = api(who).post(
            "/api/plans/", {"kind": "sales", "period_start": "2027-03-01"}, format="json"
        )
        assert answer.status_code == 403, who


def test_d2_submit_needs_the_four_parts(api):
    plan = sales_plan(api, strategy="")

    answer = api("sales1").post(f"/api/plans/{plan['id']}/submit/")

    assert answer.status_code == 400
    assert answer.json() == {"strategy": ["请填写策略"]}


def test_d2_a_sales_plan_goes_to_the_department_manager(api, cast):
    plan = submitted_sales_plan(api)

    assert plan["status"] == "submitted"
    assert plan["current_step"]["user"] == cast["head"].pk
    assert plan["current_step"]["role"] == "dept_manager"
    assert api("gm").post(f"/api/plans/{plan['id']}/approve/", {}, format="json").status_code == 403

    approved = api("head").post(f"/api/plans/{plan['id']}/approve/", {}, format="json")

    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_d2_a_rejection_needs_a_comment_and_goes_back_for_editing(api):
    plan = submitted_sales_plan(api)

    bare = api("head").post(f"/api/plans/{plan['id']}/reject/", {"comment": " "}, format="json")
    assert bare.status_code == 400 and "comment" in bare.json()
    rejected = api("head").post(
        f"/api/plans/{plan['id']}/reject/", {"comment": "拜访计划不够具体"}, format="json"
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert rejected.json()["approvals"][0]["comment"] == "拜访计划不够具体"

    edited = api("sales1").patch(
        f"/api/plans/{plan['id']}/", {"visit_plan": "周一 C-0001，周三 C-0003"}, format="json"
    )
    assert edited.status_code == 200
    assert api("sales1").post(f"/api/plans/{plan['id']}/submit/").json()["status"] == "submitted"


def test_d2_an_approved_sales_plan_is_never_edited(api):
    plan = approved_sales_plan(api)

    answer = api("sales1").patch(f"/api/plans/{plan['id']}/", {"goal": "改"}, format="json")

    assert answer.status_code == 409
    assert Plan.objects.get(pk=plan["id"]).goal == FOUR_PARTS["goal"]
    assert api("sales1").post(f"/api/plans/{plan['id']}/cancel/").status_code == 409
    assert api("head").post(f"/api/plans/{plan['id']}/adjust/", {"reason": "x"}).status_code == 409


def test_d2_nobody_approves_their_own_plan(api, cast):
    plan = submitted_sales_plan(api)

    own = api("sales1").post(f"/api/plans/{plan['id']}/approve/", {}, format="json")

    assert own.status_code == 403
    assert own.json() == {"detail": "不能审批自己的单据"}


def test_d2_the_managers_own_yearly_plan_goes_to_the_gm_not_to_himself(api, cast):
    plan = work_plan(api, cast)
    submitted = api("head").post(f"/api/plans/{plan['id']}/submit/").json()

    assert submitted["current_step"]["role"] == "gm"
    assert (
        api("head").post(f"/api/plans/{plan['id']}/approve/", {}, format="json").status_code == 403
    )


def test_d2_approving_twice_is_409(api):
    plan = approved_sales_plan(api)

    assert (
        api("head").post(f"/api/plans/{plan['id']}/approve/", {}, format="json").status_code == 409
    )


def test_d2_withdraw_takes_a_submitted_plan_back(api):
    plan = submitted_sales_plan(api)

    answer = api("sales1").post(f"/api/plans/{plan['id']}/withdraw/")

    assert answer.status_code == 200 and answer.json()["status"] == "draft"
    assert (
        api("head").post(f"/api/plans/{plan['id']}/approve/", {}, format="json").status_code == 409
    )


def test_d2_weekly_plans_run_without_approval_and_items_are_kept(api, cast):
    plan = work_plan(api, cast, kind="weekly", start="2027-03-10")
    pk = plan["id"]

    assert plan["status"] == "active"
    assert plan["period_start"] == "2027-03-08" and plan["period_end"] == "2027-03-14"
    assert api("head").post(f"/api/plans/{pk}/submit/").status_code == 409
    added = api("head").post(
        f"/api/plans/{pk}/items/",
        {"task": "催收尾款", "owner": cast["sales2"].pk, "due": "2027-03-12"},
        format="json",
    )
    assert added.status_code == 201 and added.json()["status"] == "not_started"
    item = added.json()["id"]
    done = api("head").patch(
        f"/api/plans/{pk}/items/{item}/",
        {"status": "done", "result": "已收 5 万"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status_label"] == "已完成"
    moved = api("head").patch(
        f"/api/plans/{pk}/items/{item}/", {"due": "2027-03-13"}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["due"] == "2027-03-13"
    assert api("head").delete(f"/api/plans/{pk}/items/{item}/").status_code == 204
    assert len(api("head").get(f"/api/plans/{pk}/").json()["items"]) == 2


def test_d2_an_item_owner_is_an_employee_of_the_department(api, cast):
    plan = work_plan(api, cast, kind="daily", start="2027-03-10")

    answer = api("head").post(
        f"/api/plans/{plan['id']}/items/",
        {"task": "x", "owner": cast["gm"].pk, "due": "2027-03-10"},
        format="json",
    )

    assert answer.status_code == 400 and answer.json() == {"owner": ["负责人须为本部门员工"]}


def test_d2_an_item_status_is_one_of_four(api, cast):
    plan = work_plan(api, cast, kind="daily", start="2027-03-10")
    item = plan["items"][0]["id"]

    answer = api("head").patch(
        f"/api/plans/{plan['id']}/items/{item}/", {"status": "half"}, format="json"
    )

    assert answer.status_code == 400 and "status" in answer.json()


def test_d2_one_weekly_plan_per_department_and_week(api, cast):
    work_plan(api, cast, kind="weekly", start="2027-03-08")

    again = api("head").post(
        "/api/plans/", {"kind": "weekly", "period_start": "2027-03-14"}, format="json"
    )

    assert again.status_code == 409


def test_d2_a_work_plan_is_the_department_managers(api):
    for who in ("sales1", "gm"):
        answer = api(who).post(
            "/api/plans/", {"kind": "weekly", "period_start": "2027-03-08"}, format="json"
        )
        assert answer.status_code == 403, who


def test_d2_a_yearly_plan_without_items_is_not_submitted(api):
    plan = (
        api("head")
        .post("/api/plans/", {"kind": "yearly", "period_start": "2027-06-01"}, format="json")
        .json()
    )

    assert plan["period_start"] == "2027-01-01"
    answer = api("head").post(f"/api/plans/{plan['id']}/submit/")
    assert answer.status_code == 400 and "items" in answer.json()


def test_d2_an_approved_yearly_plan_keeps_progress_but_not_changes(api, cast):
    plan = approved_yearly(api, cast)
    pk, item = plan["id"], plan["items"][0]["id"]

    assert api("head").patch(f"/api/plans/{pk}/", {"note": "改"}, format="json").status_code == 409
    renamed = api("head").patch(f"/api/plans/{pk}/items/{item}/", {"task": "改"}, format="json")
    assert renamed.status_code == 409 and "计划变更" in renamed.json()["detail"]
    added = api("head").post(
        f"/api/plans/{pk}/items/",
        {"task": "新任务", "owner": cast["head"].pk, "due": "2027-12-31"},
        format="json",
    )
    assert added.status_code == 409
    progress = api("head").patch(
        f"/api/plans/{pk}/items/{item}/",
        {"status": "in_progress", "result": "一季度完成 30%"},
        format="json",
    )
    assert progress.status_code == 200 and progress.json()["result"] == "一季度完成 30%"


def test_d2_a_change_to_an_approved_yearly_plan_is_a_new_version_the_gm_approves(api, cast):
    first = approved_yearly(api, cast)
    pk = first["id"]

    no_reason = api("head").post(f"/api/plans/{pk}/propose-change/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    changed = api("head").post(
        f"/api/plans/{pk}/propose-change/", {"reason": "市场变化，增加新品推广"}, format="json"
    )
    assert changed.status_code == 201
    new = changed.json()
    assert new["version"] == 2 and new["previous"] == pk and new["status"] == "draft"
    assert [i["task"] for i in new["items"]] == [i["task"] for i in first["items"]]
    again = api("head").post(f"/api/plans/{pk}/propose-change/", {"reason": "再改"}, format="json")
    assert again.status_code == 409

    api("head").post(
        f"/api/plans/{new['id']}/items/",
        {"task": "新品推广会", "owner": cast["sales2"].pk, "due": "2027-06-30"},
        format="json",
    )
    assert api("head").post(f"/api/plans/{new['id']}/submit/").status_code == 200
    assert Plan.objects.get(pk=pk).status == PlanStatus.APPROVED  # in force until approved
    approved = api("gm").post(f"/api/plans/{new['id']}/approve/", {}, format="json")

    assert approved.status_code == 200
    assert Plan.objects.get(pk=pk).status == PlanStatus.SUPERSEDED
    detail = api("head").get(f"/api/plans/{new['id']}/").json()
    assert [(v["version"], v["status"]) for v in detail["versions"]] == [
        (2, "approved"),
        (1, "superseded"),
    ]
    assert api("head").get(f"/api/plans/{pk}/").status_code == 200  # the old one stays visible


def test_d2_a_weekly_plan_has_no_change_proposal(api, cast):
    plan = work_plan(api, cast, kind="weekly", start="2027-03-08")

    answer = api("head").post(f"/api/plans/{plan['id']}/propose-change/", {"reason": "x"})

    assert answer.status_code == 409


def test_d2_the_months_target_is_shown_read_only_when_one_exists(api, cast, sales_department):
    from targets_support import approved_split, publish_company

    plan = sales_plan(api)
    assert api("sales1").get(f"/api/plans/{plan['id']}/").json()["month_target"] is None
    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)

    body = api("head").get(f"/api/plans/{plan['id']}/").json()

    sales = body["month_target"][0]
    assert sales["measure"] == "sales" and sales["target"] == "50000.00"
    assert sales["actual"] == "0.00" and sales["percent"] == "0.0"
    assert body["month_target"][1]["target"] == "41666.66"


def test_d2_items_given_at_creation_are_checked(api, cast):
    bad = items_for(cast)
    bad[1]["owner"] = cast["finance"].pk

    answer = api("head").post(
        "/api/plans/",
        {"kind": "monthly", "period_start": "2027-03-01", "items": bad},
        format="json",
    )

    assert answer.status_code == 400 and answer.json() == {"items": ["负责人须为本部门员工"]}
    assert not Plan.objects.exists()


def test_d2_a_superseded_plans_items_are_not_updated(api, cast):
    first = approved_yearly(api, cast)
    new = (
        api("head")
        .post(f"/api/plans/{first['id']}/propose-change/", {"reason": "调整"}, format="json")
        .json()
    )
    api("head").post(f"/api/plans/{new['id']}/submit/")
    api("gm").post(f"/api/plans/{new['id']}/approve/", {}, format="json")

    answer = api("head").patch(
        f"/api/plans/{first['id']}/items/{first['items'][0]['id']}/",
        {"status": "done"},
        format="json",
    )

    assert answer.status_code == 409


def test_d2_without_a_manager_or_head_a_sales_plan_cannot_be_submitted(api, sales_department):
    plan = sales_plan(api)
    sales_department.head = sales_department.manager = None
    sales_department.save()

    answer = api("sales1").post(f"/api/plans/{plan['id']}/submit/")

    assert answer.status_code == 400
    assert Plan.objects.get(pk=plan["id"]).status == PlanStatus.DRAFT


def test_d2_a_separate_manager_approves_the_sales_plan_not_the_head(api, cast, sales_department):
    sales_department.manager = cast["sales2"]  # a manager named besides the head
    sales_department.save()
    plan = submitted_sales_plan(api)

    assert plan["current_step"]["user"] == cast["sales2"].pk
    assert api("sales2").get(f"/api/plans/{plan['id']}/").status_code == 200
    assert (
        api("head").post(f"/api/plans/{plan['id']}/approve/", {}, format="json").status_code == 403
    )
    approved = api("sales2").post(f"/api/plans/{plan['id']}/approve/", {}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
