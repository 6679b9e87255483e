"""The demo's Saturday meetings (department.md D5): the last two Saturdays' meetings closed,
with attendance, 重点 visits, guidance and training topics, and this week's meeting open."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from fieldsales.crm import models as crm
from fieldsales.department.meetings import selectors, services, weeks

TOPICS = (
    "组件衰减质保条款的解释口径；屋顶承重评估要点",
    "逆变器选型与并网验收流程；回款节点的合同写法",
)
GUIDANCE = {
    "sales1": "重点跟进意向客户的屋顶勘察，报价前先确认用电量数据。",
    "sales2": "老客户回访要带满意度表，投诉类问题当天反馈技术部。",
}


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _customers(user: Any) -> list[Any]:
    return list(crm.Customer.objects.filter(owner=user).order_by("code")[:3])


def _done(user: Any, customer: Any, day: date, purpose: str, content: str) -> None:
    """A visit that happened, with its record."""
    crm.Visit.objects.get_or_create(
        customer=customer,
        salesperson=user,
        date=day,
        purpose=purpose,
        defaults={
            "status": crm.VisitStatus.CHECKED_OUT,
            "appointment_confirmed": True,
            "check_in_at": _at(day, 10),
            "check_out_at": _at(day, 11),
            "content": content,
            "next_step": "按约定时间再次跟进",
            "recorded_at": _at(day, 12),
        },
    )


def _planned(user: Any, customer: Any, day: date, purpose: str) -> Any:
    visit, _created = crm.Visit.objects.get_or_create(
        customer=customer,
        salesperson=user,
        date=day,
        purpose=purpose,
        defaults={"materials": "产品手册、报价单"},
    )
    return visit


def _week(users: dict[str, Any], saturday: date, today: date) -> list[Any]:
    """Visits done in the week a meeting reviews and planned for the week after."""
    planned = []
    for offset, name in enumerate(("sales1", "sales2")):
        user = users.get(name)
        customers = _customers(user) if user is not None else []
        if len(customers) < 2:
            continue
        done_on = min(saturday - timedelta(days=4 - offset), today)
        _done(user, customers[0], done_on, "回访老客户，了解运行情况", "客户反映发电量正常。")
        _done(user, customers[1], done_on, "介绍新款组件", "客户有意向，要求报价。")
        planned.append(
            _planned(user, customers[1], saturday + timedelta(days=2 + offset), "送报价并洽谈")
        )
        planned.append(
            _planned(user, customers[0], saturday + timedelta(days=3 + offset), "例行回访")
        )
    return planned


def load(users: dict[str, Any]) -> None:
    head = users["head"]
    department_id = head.employee.department_id
    today = timezone.localdate()
    this_week = weeks.this_saturday(today)
    for weeks_ago, topic in ((2, TOPICS[0]), (1, TOPICS[1])):
        saturday = this_week - timedelta(days=7 * weeks_ago)
        if selectors.meeting_of_week(department_id=department_id, saturday=saturday):
            continue
        planned = _week(users, saturday, today)
        meeting = services.meeting_open(actor=head, department_id=department_id, day=saturday)
        services.meeting_update(
            meeting=meeting,
            actor=head,
            data={
                "topic": topic,
                "notes": "各业务员汇报上周拜访情况，经理逐一点评。",
                "decisions": "下周重点客户由经理陪同拜访；周五前提交周报。",
            },
        )
        for visit in planned[::2]:
            services.meeting_mark_key(meeting=meeting, actor=head, visit_id=visit.pk, key=True)
        for name, text in GUIDANCE.items():
            if name in users:
                services.meeting_guidance(
                    meeting=meeting, actor=head, salesperson_id=users[name].pk, text=text
                )
        if weeks_ago == 1 and "sales2" in users:
            services.meeting_attendance(
                meeting=meeting,
                actor=head,
                rows=[{"user": users["sales2"].pk, "present": False, "absence_note": "出差在外"}],
            )
        services.meeting_close(meeting=meeting, actor=head)
        # What was planned then has happened since: the closed minutes keep the plan.
        for visit in planned:
            if visit.date <= today and visit.status == crm.VisitStatus.PLANNED:
                crm.Visit.objects.filter(pk=visit.pk).update(
                    status=crm.VisitStatus.CHECKED_OUT,
                    check_in_at=_at(visit.date, 10),
                    check_out_at=_at(visit.date, 11),
                    content="按计划拜访完成。",
                    recorded_at=_at(visit.date, 12),
                )
    current = selectors.meeting_of_week(department_id=department_id, saturday=this_week)
    if current is None:
        planned = _week(users, this_week, today)
        current = services.meeting_open(actor=head, department_id=department_id, day=this_week)
        services.meeting_update(
            meeting=current, actor=head, data={"topic": "本周重点：分布式光伏补贴政策变化"}
        )
        if planned:
            services.meeting_mark_key(meeting=current, actor=head, visit_id=planned[0].pk, key=True)
