"""The demo's daily work logs (D3): a year of logs for sales1 and sales2 on the working days
before today, a few filed late, a few missing, some commented by the head. Made in bulk with
explicit dates (not through the clock of the submit service); the facts frozen in each are
the day's data as the demo holds it."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from fieldsales.core.workdays import working_days
from fieldsales.department.worklogs.due import DueTimes
from fieldsales.department.worklogs.facts import empty, facts_between, with_totals
from fieldsales.department.worklogs.models import WorkLog, WorkLogComment, WorkLogStatus

DONE = [
    "上午拜访{c}，介绍新款组件并留下样品资料；下午整理客户档案。",
    "电话回访三家老客户，了解使用情况；{c}询问逆变器配套价格。",
    "陪同技术部到{c}现场勘察屋顶，记录安装条件。",
    "与{c}洽谈合同条款，对付款方式达成初步一致。",
    "整理本周报价，跟进{c}的询价单。",
    "参加部门培训：组件衰减与质保条款。",
]
PROBLEMS = [
    "",
    "",
    "客户对价格较敏感，希望再让利。",
    "交货期比竞争对手长一周。",
    "客户资金紧张，付款可能推迟。",
]
PLANS = [
    "拜访{c}，递交正式报价。",
    "跟进{c}的合同审核进度。",
    "电话预约下周的上门拜访。",
    "整理回款计划，催收到期款项。",
]
CUSTOMERS = ["杭州阳光新能源", "义乌恒达光电", "浦江绿源农业", "金华兴旺五金厂", "上海申能光伏"]
COMMENTS = [
    "报价前先与我确认底价。",
    "很好，继续跟进。",
    "注意回款节点，月底前落实。",
    "下次拜访带上技术方案。",
]


def load(users: dict[str, Any]) -> None:
    """A year of sales1's and sales2's logs (idempotent: nothing when they already have logs)."""
    people = [users["sales1"], users["sales2"]]
    if WorkLog.objects.filter(person__in=people).exists():
        return
    today = timezone.localdate()
    start, end = today - timedelta(days=365), today - timedelta(days=1)
    dues = DueTimes(end)
    tz = timezone.get_default_timezone()
    logs = []
    for number, person in enumerate(people):
        rng = random.Random(20260 + number)  # the same demo every time
        department_id = getattr(getattr(person, "employee", None), "department_id", None)
        days = [d for d in working_days(start, end) if dues.due_at(d) < timezone.now()]
        known = facts_between(person.pk, start, end)
        for day in days:
            if rng.random() < 0.03:  # a few days missing
                continue
            due = dues.due_at(day)
            late = rng.random() < 0.06
            if late:
                submitted = due + timedelta(hours=rng.randint(1, 6), minutes=rng.randint(0, 59))
            else:
                evening = datetime.combine(day, time(17 + rng.randint(0, 3), rng.randint(0, 59)))
                submitted = timezone.make_aware(evening, tz)
            customer = rng.choice(CUSTOMERS)
            logs.append(
                WorkLog(
                    person=person,
                    department_id=department_id,
                    day=day,
                    status=WorkLogStatus.SUBMITTED,
                    done=rng.choice(DONE).format(c=customer),
                    problems=rng.choice(PROBLEMS),
                    plan=rng.choice(PLANS).format(c=rng.choice(CUSTOMERS)),
                    facts=known.get(day) or with_totals(empty()),
                    submitted_at=submitted,
                    due_at=due,
                    late=late,
                )
            )
    WorkLog.objects.bulk_create(logs, batch_size=200)
    rng = random.Random(2026)
    stored = WorkLog.objects.filter(person__in=people).order_by("day", "person_id")
    comments = [
        WorkLogComment(log=log, author=users["head"], text=rng.choice(COMMENTS))
        for log in stored
        if rng.random() < 0.1
    ]
    WorkLogComment.objects.bulk_create(comments, batch_size=200)
    # The head read them the next morning (auto_now_add stamped them now).
    for comment in WorkLogComment.objects.filter(log__person__in=people).select_related("log"):
        moment = comment.log.submitted_at + timedelta(hours=15)
        WorkLogComment.objects.filter(pk=comment.pk).update(created_at=moment)
