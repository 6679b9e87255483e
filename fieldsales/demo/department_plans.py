"""The demo company's plans (department.md D2), loaded idempotently by `fieldsales demo` through
the plan services: sales1's and sales2's monthly sales plans for the last twelve months
(approved by the head) and this month's (waiting for the head); the head's yearly work plan
(approved by the GM) and this week's weekly plan with items in every state."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from fieldsales.crm.models import Customer
from fieldsales.department.plans import services
from fieldsales.department.plans.models import Plan

GOALS = {
    "sales1": "签单额 {n} 万元，回款 {c} 万元；新开发客户 1 家",
    "sales2": "签单额 {n} 万元，回款 {c} 万元；老客户复购 2 家",
}
STRATEGY = "重点跟进 A、B 级客户的在谈项目，以农光互补和工商业屋顶为主推方案；报价按价格表执行。"
ACTIONS = "第一周整理客户清单并电话预约；第二、三周上门拜访与技术交流；第四周催收货款、总结。"
VISITS = "每周拜访不少于 5 家，其中新客户 2 家；周六例会前提交下周拜访计划。"


def _months_back(today: date, n: int) -> date:
    year, month = today.year, today.month - n
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


def _sales_plan(user: Any, who: str, month: date, customers: list[int]) -> Plan:
    figure = 40 + month.month * 2 if who == "sales1" else 30 + month.month
    return services.plan_create(
        actor=user,
        data={
            "kind": "sales",
            "period_start": month,
            "goal": GOALS[who].format(n=figure, c=figure - 5),
            "strategy": STRATEGY,
            "action_plan": ACTIONS,
            "visit_plan": VISITS,
            "customers": customers,
        },
    )


def load(users: dict[str, Any]) -> None:
    """Twenty-six monthly sales plans and two work plans, once."""
    if Plan.objects.exists() or not {"sales1", "sales2", "head", "gm"} <= set(users):
        return
    today = timezone.localdate()
    head, gm = users["head"], users["gm"]
    for who in ("sales1", "sales2"):
        user = users[who]
        customers = list(
            Customer.objects.filter(owner=user).order_by("code").values_list("pk", flat=True)[:2]
        )
        for n in range(12, 0, -1):
            plan = _sales_plan(user, who, _months_back(today, n), customers)
            services.plan_submit(plan=plan, actor=user)
            services.plan_decide(plan=plan, actor=head, action="approve", comment="同意")
        this_month = _sales_plan(user, who, _months_back(today, 0), customers)
        services.plan_submit(plan=this_month, actor=user)

    sales1, sales2 = users["sales1"].pk, users["sales2"].pk
    yearly = services.plan_create(
        actor=head,
        data={
            "kind": "yearly",
            "period_start": date(today.year, 1, 1),
            "note": "完成公司下达的年度销售与回款目标，队伍建设与培训常态化。",
            "items": [
                {"task": "完成年度签单目标", "owner": head.pk, "due": date(today.year, 12, 31)},
                {
                    "task": "回款率保持在 90% 以上",
                    "owner": head.pk,
                    "due": date(today.year, 12, 31),
                },
                {
                    "task": "开发浙江省内新经销商 3 家",
                    "owner": sales1,
                    "due": date(today.year, 9, 30),
                },
                {
                    "task": "每周六例会开展业务培训",
                    "owner": head.pk,
                    "due": date(today.year, 12, 31),
                },
            ],
        },
    )
    services.plan_submit(plan=yearly, actor=head)
    services.plan_decide(plan=yearly, actor=gm, action="approve", comment="同意，按计划执行")

    monday = today - timedelta(days=today.weekday())
    services.plan_create(
        actor=head,
        data={
            "kind": "weekly",
            "period_start": monday,
            "note": "本周重点：年底回款与明年框架协议。",
            "items": [
                {
                    "task": "催收义乌恒达光电尾款",
                    "owner": sales2,
                    "due": monday + timedelta(days=3),
                    "status": "in_progress",
                    "result": "已电话沟通，对方承诺周四付款",
                },
                {
                    "task": "拜访杭州阳光新能源，洽谈明年框架协议",
                    "owner": sales1,
                    "due": monday + timedelta(days=2),
                    "status": "done",
                    "result": "已拜访，对方同意下月签署",
                },
                {
                    "task": "准备周六例会培训：组件衰减与质保条款",
                    "owner": head.pk,
                    "due": monday + timedelta(days=5),
                },
                {
                    "task": "广州南粤能源项目投标资料",
                    "owner": sales2,
                    "due": monday + timedelta(days=4),
                    "status": "cancelled",
                    "result": "项目延期至明年",
                },
            ],
        },
    )
