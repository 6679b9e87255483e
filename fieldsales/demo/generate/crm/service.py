"""The crm part's service requests, with their steps (open, handling, resolve, confirm) and
the customer's survey on most closed ones; and the quarterly surveys, one per customer and
quarter, which make up the rest of the surveys."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from fieldsales.crm.models import (
    CustomerKind,
    CustomerStatus,
    SatisfactionSurvey,
    ServiceKind,
    ServiceRequest,
    ServiceStatus,
    ServiceStep,
    SurveyKind,
)
from fieldsales.crm.surveys.selectors import quarter_of
from fieldsales.demo.generate.crm.base import COMMENTS, SCORE_WEIGHTS, SCORES, Crm, draw_exact
from fieldsales.demo.generate.crm.table import Table

SERVICE_TITLES = {
    ServiceKind.SERVICE: (
        "逆变器报警",
        "组件清洗维护",
        "监控数据中断",
        "支架松动检查",
        "发电量偏低",
    ),
    ServiceKind.COMPLAINT: ("组件边框划伤", "交货延迟", "安装人员态度差", "发票开具错误"),
}
SERVICE_STEPS = ("电话联系客户了解情况", "安排技术人员上门检查", "更换故障部件", "远程排查")
RESOLUTIONS = ("已更换故障部件，运行正常", "已上门处理，客户认可", "已补发货物并致歉")
CONFIRM_NOTES = ("处理及时", "满意", "希望以后提前通知", "")
SERVICE_STATES = (
    (ServiceStatus.CLOSED, 0.62),
    (ServiceStatus.RESOLVED, 0.06),
    (ServiceStatus.IN_PROGRESS, 0.12),
    (ServiceStatus.OPEN, 0.08),
    (ServiceStatus.CANCELLED, 0.12),
)
SERVICE_SURVEY_SHARE = 0.7  # of the closed requests


def plan_services(crm: Crm, n: int) -> int:
    """The service requests; returns how many closed ones get the customer's survey."""
    rng, clock = crm.rng, crm.clock
    buyers = [
        c
        for c in crm.customers
        if c.status == CustomerStatus.ACTIVE and c.kind != CustomerKind.PROSPECT
    ] or [c for c in crm.customers if c.status == CustomerStatus.ACTIVE]
    if not buyers:
        return 0
    deadline_days = crm.settings.service_deadline_days
    statuses = draw_exact(rng, n, SERVICE_STATES)
    closed = [i for i, s in enumerate(statuses) if s == ServiceStatus.CLOSED]
    surveyed = set(rng.sample(closed, round(len(closed) * SERVICE_SURVEY_SHARE)))
    for i, status in enumerate(statuses):
        customer = buyers[rng.randrange(len(buyers))]
        kind = ServiceKind.COMPLAINT if rng.random() < 0.3 else ServiceKind.SERVICE
        recent = status in (
            ServiceStatus.OPEN,
            ServiceStatus.IN_PROGRESS,
            ServiceStatus.RESOLVED,
        )
        earliest = max(customer.created + timedelta(days=1), clock.at(clock.start, 9))
        if recent:
            opened = clock.moment(rng, clock.today - timedelta(days=rng.randint(1, 20)))
        else:
            latest = clock.now - timedelta(days=12)
            opened = (
                earliest + (latest - earliest) * rng.random() if latest > earliest else earliest
            )
        opened = max(opened.replace(second=0, microsecond=0), earliest)
        steps = [("open", opened)]
        moment = opened
        if status != ServiceStatus.OPEN:
            if status == ServiceStatus.CANCELLED:
                moment += timedelta(hours=rng.randint(1, 30))
                steps.append(("cancel", moment))
            else:
                for _ in range(rng.randint(1, 2)):
                    moment += timedelta(hours=rng.randint(2, 40))
                    steps.append(("step", moment))
                if status in (ServiceStatus.RESOLVED, ServiceStatus.CLOSED):
                    moment += timedelta(hours=rng.randint(2, 48))
                    steps.append(("resolve", moment))
                if status == ServiceStatus.CLOSED:
                    moment += timedelta(hours=rng.randint(1, 48))
                    steps.append(("confirm", moment))
        # Nothing after the present: squeeze the steps of a recent request into its past.
        limit = clock.now - timedelta(minutes=5)
        if moment > limit:
            span = (limit - opened) / max(1, len(steps))
            steps = [(action, opened + span * k) for k, (action, _at) in enumerate(steps)]
            moment = steps[-1][1]
        customer.followed(moment)
        crm.services.append(
            {
                "customer": customer,
                "kind": kind,
                "status": status,
                "steps": [(a, m.replace(microsecond=0)) for a, m in steps],
                "deadline": clock.day(opened) + timedelta(days=deadline_days),
                "title": rng.choice(SERVICE_TITLES[kind]),
                "surveyed": i in surveyed,
            }
        )
    return len(surveyed)


def write_services(crm: Crm) -> None:
    rng, table = crm.rng, Table(ServiceRequest)
    first = table.next_id()
    rows = []
    for k, s in enumerate(crm.services):
        c, status = s["customer"], s["status"]
        steps = dict(s["steps"])
        s["id"] = first + k
        s["description"] = f"客户反映：{s['title']}，请尽快处理。"
        row = {
            "id": s["id"],
            "customer_id": c.id,
            "kind": s["kind"],
            "status": status,
            "title": s["title"],
            "description": s["description"],
            "contact_name": c.contact[0],
            "contact_phone": c.contact[2],
            "owner_id": c.owner.pk,
            "deadline": s["deadline"],
            "opened_by_id": c.owner.pk,
            "created_at": s["steps"][0][1],
            "updated_at": s["steps"][-1][1],
        }
        if "resolve" in steps:
            row["resolution"] = rng.choice(RESOLUTIONS)
            row["resolved_at"] = steps["resolve"]
        if "confirm" in steps:
            row["confirmed_by_name"] = c.contact[0]
            row["confirmed_at"] = steps["confirm"]
            row["confirmation_note"] = rng.choice(CONFIRM_NOTES)
        rows.append(row)
    table.insert(rows)

    def steps() -> Iterator[dict[str, Any]]:
        for s, row in zip(crm.services, rows, strict=True):
            for action, moment in s["steps"]:
                note = {
                    "open": s["description"],
                    "step": rng.choice(SERVICE_STEPS),
                    "resolve": row.get("resolution", ""),
                    "confirm": f"客户{row.get('confirmed_by_name', '')}确认关闭",
                    "cancel": "客户已自行解决，撤销",
                }[action]
                yield {
                    "request_id": row["id"],
                    "action": action,
                    "note": note,
                    "by_id": row["owner_id"],
                    "at": moment,
                }

    Table(ServiceStep).insert(steps(), with_ids=False)
    Table(SatisfactionSurvey).insert(
        (
            {
                "customer_id": row["customer_id"],
                "kind": SurveyKind.SERVICE,
                "service_request_id": row["id"],
                "quarter": quarter_of(crm.clock.day(row["confirmed_at"])),
                "score": rng.choices(SCORES, SCORE_WEIGHTS)[0],
                "comments": row["confirmation_note"],
                "respondent": row["confirmed_by_name"],
                "salesperson_id": row["owner_id"],
                "recorded_by_id": row["owner_id"],
                "recorded_at": row["confirmed_at"],
            }
            for s, row in zip(crm.services, rows, strict=True)
            if s["surveyed"]
        ),
        with_ids=False,
    )


def write_quarterly(crm: Crm, n: int) -> None:
    """One survey per customer and quarter, over the customers' last twelve quarters."""
    rng, clock = crm.rng, crm.clock
    kept = [
        c
        for c in crm.customers
        if c.status == CustomerStatus.ACTIVE and c.kind != CustomerKind.PROSPECT
    ]
    quarters = []
    day = clock.today
    for _ in range(12):
        quarters.append(quarter_of(day))
        day = date(day.year, ((day.month - 1) // 3) * 3 + 1, 1) - timedelta(days=1)
    taken: set[tuple[int, str]] = set()
    rows = []
    attempts = 0
    while len(rows) < n and kept and attempts < 20 * n:
        attempts += 1
        c = kept[rng.randrange(len(kept))]
        quarter = quarters[rng.randrange(len(quarters))]
        year, q = int(quarter[:4]), int(quarter[-1])
        first = max(date(year, 3 * q - 2, 1), clock.day(c.created))
        last = min(clock.today - timedelta(days=1), date(year, 3 * q, 28))
        if (c.id, quarter) in taken or last < first:
            continue
        taken.add((c.id, quarter))
        moment = clock.moment(rng, first + timedelta(days=rng.randint(0, (last - first).days)))
        rows.append(
            {
                "customer_id": c.id,
                "kind": SurveyKind.QUARTERLY,
                "quarter": quarter,
                "score": rng.choices(SCORES, SCORE_WEIGHTS)[0],
                "comments": rng.choice(COMMENTS),
                "respondent": c.contact[0],
                "salesperson_id": c.owner.pk,
                "recorded_by_id": c.owner.pk,
                "recorded_at": moment,
            }
        )
    Table(SatisfactionSurvey).insert(rows, with_ids=False)
