"""The crm part's opportunities: planned through the stages from 查找潜在客户, with the time
of each move (only end customers and distributors reach 签订合同 and beyond), then written
with their stage history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from fieldsales.crm.models import CustomerKind, CustomerStatus, Opportunity, Stage, StageChange
from fieldsales.demo.generate.crm.base import Crm, draw_exact, draw_money
from fieldsales.demo.generate.crm.table import Table

LOST_REASONS = ("价格没有竞争力", "客户选择了其他供应商", "项目取消", "预算不足", "资金未落实")
WON_REASONS = ("价格与服务优势", "老客户推荐", "技术方案获认可", "交货期满足要求")
PRODUCTS = ("屋顶光伏", "光伏组件", "储能系统", "农光互补", "光伏车棚", "逆变器")
STAGES = (
    (Stage.LEAD_FOUND, 0.12),
    (Stage.CONTACTED, 0.10),
    (Stage.NEEDS_UNDERSTOOD, 0.10),
    (Stage.CONTRACT_SIGNED, 0.06),
    (Stage.IN_EXECUTION, 0.07),
    (Stage.WON, 0.30),
    (Stage.LOST, 0.25),
)
PATH = (
    Stage.LEAD_FOUND,
    Stage.CONTACTED,
    Stage.NEEDS_UNDERSTOOD,
    Stage.CONTRACT_SIGNED,
    Stage.IN_EXECUTION,
    Stage.WON,
)
SIGNED_STAGES = (Stage.CONTRACT_SIGNED, Stage.IN_EXECUTION, Stage.WON)


def plan_opportunities(crm: Crm, n: int) -> None:
    rng, clock = crm.rng, crm.clock
    active = [c for c in crm.customers if c.status == CustomerStatus.ACTIVE]
    buyers = [c for c in active if c.kind != CustomerKind.PROSPECT]
    if not active:
        return
    for stage in draw_exact(rng, n, STAGES):
        pool = buyers if stage in SIGNED_STAGES and buyers else active
        customer = pool[rng.randrange(len(pool))]
        if stage == Stage.LOST:
            path = [*PATH[: rng.randint(1, 5)], Stage.LOST]
        else:
            path = list(PATH[: PATH.index(stage) + 1])
        if customer.kind == CustomerKind.PROSPECT and Stage.CONTRACT_SIGNED in path:
            path = [*PATH[:3], Stage.LOST]  # a prospect never reaches a contract here
        gaps = [timedelta(days=rng.randint(2, 40), minutes=rng.randint(0, 480)) for _ in path]
        gaps[0] = timedelta(0)
        total = sum(gaps, timedelta(0))
        open_ = path[-1] not in (Stage.WON, Stage.LOST)
        earliest = max(customer.created + timedelta(days=1), clock.at(clock.start, 9))
        if open_:
            earliest = max(earliest, clock.now - timedelta(days=540))
        latest = clock.now - timedelta(hours=1) - total
        if latest <= earliest:
            created = earliest
            scale = max(0.0, (clock.now - timedelta(hours=1) - earliest) / total) if total else 0
            gaps = [g * min(1.0, scale) for g in gaps]
        else:
            created = earliest + (latest - earliest) * rng.random()
        created = created.replace(second=0, microsecond=0)
        moments, moment = [], created
        for gap in gaps:
            moment = (moment + gap).replace(microsecond=0)
            moments.append(moment)
        amount = draw_money(rng, 30_000, 5_000_000)
        product = (
            customer.industry[2].split("、")[0] if rng.random() < 0.7 else rng.choice(PRODUCTS)
        )
        last = moments[-1]
        customer.followed(last)
        crm.opportunities.append(
            {
                "customer": customer,
                "title": f"{customer.name[:12]} {product}项目",
                "stage": path[-1],
                "path": path,
                "moments": moments,
                "amount": amount,
                "products": product,
                "open": open_,
                "next_follow_up": clock.today + timedelta(days=rng.randint(-10, 25))
                if open_
                else None,
                "expected_close": clock.today + timedelta(days=rng.randint(15, 150))
                if open_
                else clock.day(last),
                "lost_reason": rng.choice(LOST_REASONS) if path[-1] == Stage.LOST else "",
                "won_reason": rng.choice(WON_REASONS) if path[-1] == Stage.WON else "",
            }
        )


def write_opportunities(crm: Crm) -> None:
    table = Table(Opportunity)
    first = table.next_id()
    rows = []
    for k, o in enumerate(crm.opportunities):
        c = o["customer"]
        o["id"] = first + k
        c.opportunities.append((o["id"], crm.clock.day(o["moments"][0])))
        rows.append(
            {
                "id": o["id"],
                "customer_id": c.id,
                "owner_id": c.owner.pk,
                "title": o["title"],
                "stage": o["stage"],
                "amount": o["amount"],
                "expected_close": o["expected_close"],
                "next_follow_up": o["next_follow_up"],
                "products": o["products"],
                "lost_reason": o["lost_reason"],
                "won_reason": o["won_reason"],
                "stage_changed_at": o["moments"][-1],
                "closed_at": None if o["open"] else o["moments"][-1],
                "created_at": o["moments"][0],
            }
        )
    table.insert(rows)

    def changes() -> Iterator[dict[str, Any]]:
        for o in crm.opportunities:
            owner = o["customer"].owner.pk
            previous = ""
            for stage, moment in zip(o["path"], o["moments"], strict=True):
                note = "新建商机" if not previous else ""
                if stage == Stage.LOST:
                    note = o["lost_reason"]
                elif stage == Stage.WON:
                    note = o["won_reason"]
                yield {
                    "opportunity_id": o["id"],
                    "from_stage": previous,
                    "to_stage": stage,
                    "by_id": owner,
                    "note": note,
                    "at": moment,
                }
                previous = stage

    Table(StageChange).insert(changes(), with_ids=False)
    crm.ctx.extra["opportunities"] = [
        (o["id"], o["customer"].id, o["customer"].owner.pk, o["stage"], o["amount"])
        for o in crm.opportunities
    ]
