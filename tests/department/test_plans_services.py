"""D2 through the services themselves (the API tests go through the same functions): a yearly
work plan's whole life, its items, and a sales plan withdrawn and cancelled."""

from __future__ import annotations

from datetime import date

import pytest
from test_plans_support import FOUR_PARTS, items_for

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.department.plans import services
from fieldsales.department.plans.models import Plan, PlanItem, PlanStatus

pytestmark = pytest.mark.django_db


def test_d2_a_yearly_plan_from_draft_to_change_through_the_services(cast):
    head, gm = cast["head"], cast["gm"]
    plan = services.plan_create(
        actor=head,
        data={"kind": "yearly", "period_start": "2027-01-01", "items": items_for(cast)},
    )
    item = services.item_add(
        plan=plan,
        actor=head,
        data={"task": "展会", "owner": cast["sales2"].pk, "due": "2027-05-31"},
    )
    services.item_update(item=item, actor=head, data={"due": "2027-06-30"})
    assert PlanItem.objects.get(pk=item.pk).due == date(2027, 6, 30)
    services.item_delete(item=item, actor=head)
    assert plan.items.count() == 2
    plan = services.plan_update(plan=plan, actor=head, data={"note": "全年重点：农光互补"})
    assert plan.note == "全年重点：农光互补"

    plan = services.plan_submit(plan=plan, actor=head)
    assert (plan.status, plan.pending_role) == (PlanStatus.SUBMITTED, "gm")
    plan = services.plan_withdraw(plan=plan, actor=head)
    assert plan.status == PlanStatus.DRAFT
    plan = services.plan_submit(plan=plan, actor=head)
    with pytest.raises(RuleBroken):
        services.plan_decide(plan=plan, actor=gm, action="reject")  # a rejection needs a comment
    plan = services.plan_decide(plan=plan, actor=gm, action="reject", comment="补充回款目标")
    assert plan.status == PlanStatus.REJECTED
    plan = services.plan_submit(plan=plan, actor=head)
    plan = services.plan_decide(plan=plan, actor=gm, action="approve", comment="同意")
    assert plan.status == PlanStatus.APPROVED

    # carried out: status and result still move; the task list does not
    first = plan.items.order_by("position").first()
    services.item_update(item=first, actor=head, data={"status": "done", "result": "已完成"})
    assert PlanItem.objects.get(pk=first.pk).status == "done"
    with pytest.raises((InvalidTransition, Forbidden)):
        services.item_update(item=first, actor=head, data={"task": "改任务"})

    change = services.plan_propose_change(plan=plan, actor=head, reason="新增海外市场")
    assert (change.version, change.previous_id, change.status) == (2, plan.pk, PlanStatus.DRAFT)
    with pytest.raises(InvalidTransition):
        services.plan_propose_change(plan=plan, actor=head, reason="再来一个")
    change = services.plan_cancel(plan=change, actor=head)
    assert change.status == PlanStatus.CANCELLED
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


def test_d2_a_sales_plan_withdrawn_then_cancelled(cast):
    sales1 = cast["sales1"]
    plan = services.plan_create(
        actor=sales1, data={"kind": "sales", "period_start": "2027-03-01", **FOUR_PARTS}
    )
    plan = services.plan_submit(plan=plan, actor=sales1)
    assert plan.status == PlanStatus.SUBMITTED
    plan = services.plan_withdraw(plan=plan, actor=sales1)
    plan = services.plan_cancel(plan=plan, actor=sales1)
    assert plan.status == PlanStatus.CANCELLED
