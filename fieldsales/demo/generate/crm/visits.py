"""The crm part's visits: planned (done, a few stuck at checked-in, some cancelled, the next
two weeks' plan), numbered per salesperson and day and checked in at the customer; then
written with their records, the customers' signed feedback (sealed as `visits.feedback`
seals it, a few corrected after signing) and the visit surveys."""

from __future__ import annotations

import io
import random
from collections import defaultdict
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from django.db.models import Max

from fieldsales.crm.models import (
    CustomerKind,
    CustomerStatus,
    Grade,
    SatisfactionSurvey,
    SurveyKind,
    Visit,
    VisitSignature,
    VisitStatus,
)
from fieldsales.crm.surveys.selectors import quarter_of
from fieldsales.crm.visits.feedback import RECORD_FIELDS, visit_feedback_hash
from fieldsales.crm.visits.geo import haversine_m
from fieldsales.demo.generate.crm.base import (
    COMMENTS,
    SCORE_WEIGHTS,
    SCORES,
    Crm,
    cumulative,
    draw_index,
)
from fieldsales.demo.generate.crm.places import city_point, near_point
from fieldsales.demo.generate.crm.table import Table

PURPOSES = (
    "例行回访，了解使用情况",
    "介绍新款组件，了解屋顶面积和用电量",
    "商谈年度采购计划",
    "送样品并讲解技术参数",
    "洽谈报价与付款方式",
    "催收货款，核对对账单",
    "处理安装问题，听取意见",
    "初次拜访，建立联系",
    "陪同技术人员现场勘察",
    "签订合同，确认交货计划",
)
MATERIALS = ("产品手册", "产品手册、样品", "报价单", "合同", "对账单", "技术方案", "")
CONTENTS = (
    "了解{p}的需求，客户对发电效率较关注。",
    "回访{p}运行情况，客户反映发电正常。",
    "介绍{p}方案，客户有兴趣，要求出具报价。",
    "现场勘察屋顶，测量可装面积，讨论{p}布置。",
    "商谈{p}价格与付款方式，客户希望分期付款。",
    "核对上季度货款，客户承诺月底前付清。",
)
NEEDS = ("年内新增约 1MW 装机", "希望降低用电成本", "需要储能配套", "要求提供融资方案", "")
AGREEMENTS = ("下周提交报价", "安排技术人员勘察", "先小批量试用", "按合同交货", "")
OBJECTIONS = ("价格偏高", "担心屋顶承重", "付款周期长", "已有供应商", "")
NEXT_STEPS = ("电话跟进报价反馈", "再次上门洽谈", "寄送样品", "下季度回访", "陪同客户参观电站")
CANCEL_REASONS = ("客户临时有事", "客户要求改期", "天气原因", "公司临时安排会议")
VISIT_WEIGHT = {Grade.A: 4.0, Grade.B: 2.0, Grade.C: 1.0}
PLANNED_SHARE = 0.01  # of the visits: the next two weeks' plan
CANCELLED_SHARE, STUCK_SHARE, LATE_SHARE, FLAGGED_SHARE = 0.045, 0.005, 0.08, 0.05
REVISED_SHARE = 0.03  # of the signatures: corrected after, awaiting the customer again


def _signature_pngs(seed: int) -> list[bytes]:
    """A few hand-drawn-looking signatures (small PNGs), the same for the same seed."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    pngs = []
    for _ in range(8):
        image = Image.new("LA", (180, 60), (0, 0))
        draw = ImageDraw.Draw(image)
        x, y = 10, 30
        points = [(x, y)]
        while x < 165:
            x += rng.randint(4, 14)
            y = max(8, min(52, y + rng.randint(-14, 14)))
            points.append((x, y))
        draw.line(points, fill=(20, 255), width=2)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        pngs.append(buffer.getvalue())
    return pngs


def plan_visits(crm: Crm, n: int) -> None:
    rng, clock = crm.rng, crm.clock
    planned = round(n * PLANNED_SHARE)
    done = n - planned
    weights = []
    for c in crm.customers:
        days = max(0, (c.last_day - c.first_day).days + 1)
        weight = VISIT_WEIGHT[c.grade] * (0.7 if c.kind == CustomerKind.PROSPECT else 1.0)
        weights.append(weight * days)
    active = [c for c in crm.customers if c.status == CustomerStatus.ACTIVE]
    active_weights = [VISIT_WEIGHT[c.grade] for c in active]
    if sum(weights) <= 0:
        planned, done = n, 0
    visits: list[dict[str, Any]] = []
    if done:
        cum = cumulative(weights)
        for _ in range(done):
            customer = crm.customers[draw_index(rng, cum)]
            window = (customer.last_day - customer.first_day).days
            day = customer.first_day + timedelta(days=rng.randint(0, window))
            if day.weekday() >= 5 and rng.random() < 0.85:
                friday = day - timedelta(days=day.weekday() - 4)
                day = friday if friday >= customer.first_day else day
            r = rng.random()
            status = (
                VisitStatus.CANCELLED
                if r < CANCELLED_SHARE
                else VisitStatus.CHECKED_IN
                if r < CANCELLED_SHARE + STUCK_SHARE and day >= clock.today - timedelta(60)
                else VisitStatus.CHECKED_OUT
            )
            visits.append({"customer": customer, "day": day, "status": status})
    if active:
        cum = cumulative(active_weights)
        for _ in range(planned):
            customer = active[draw_index(rng, cum)]
            day = clock.today + timedelta(days=rng.randint(0, 13))
            if day.weekday() >= 5:  # the plan is for working days
                day += timedelta(days=7 - day.weekday())
            visits.append({"customer": customer, "day": day, "status": VisitStatus.PLANNED})
    # Numbered in order per salesperson and day (after the demo's own visits of the day),
    # then checked in in that order.
    taken = {
        (person, day): seq
        for person, day, seq in Visit.objects.values("salesperson", "date")
        .annotate(seq=Max("seq"))
        .values_list("salesperson", "date", "seq")
    }
    by_day: dict[tuple[int, date], list[dict[str, Any]]] = defaultdict(list)
    for visit in visits:
        by_day[(visit["customer"].worker.pk, visit["day"])].append(visit)
    for (person, day), rows in by_day.items():
        before = taken.get((person, day), 0)
        gap = min(95, 600 // (len(rows) + before))
        for seq, visit in enumerate(rows, start=before + 1):
            visit["seq"] = min(seq, 99)
            visit["start"] = clock.at(day, 9) + timedelta(
                minutes=(seq - 1) * gap + rng.randint(0, max(1, gap // 3))
            )
    visits.sort(key=lambda v: (v["day"], v["seq"]))
    crm.visits = visits
    for visit in visits:
        _plan_visit(crm, visit)


def _plan_visit(crm: Crm, visit: dict[str, Any]) -> None:
    rng, clock, customer = crm.rng, crm.clock, visit["customer"]
    status, day, start = visit["status"], visit["day"], visit["start"]
    if status == VisitStatus.PLANNED:
        visit["created"] = clock.moment(rng, clock.today - timedelta(days=rng.randint(1, 7)))
        visit["confirmed"] = rng.random() < 0.6
        return
    visit["created"] = clock.moment(rng, day - timedelta(days=rng.randint(1, 10)))
    if status == VisitStatus.CANCELLED:
        visit["updated"] = clock.moment(rng, day - timedelta(days=rng.randint(0, 1)))
        return
    if customer.lat is None:
        customer.lat, customer.lng = city_point(rng, customer.city)
    far = rng.random() < FLAGGED_SHARE
    visit["in_point"] = near_point(
        rng, customer.lat, customer.lng, rng.uniform(600, 5000) if far else rng.uniform(5, 350)
    )
    visit["out_point"] = near_point(rng, customer.lat, customer.lng, rng.uniform(5, 350))
    visit["checked_out"] = start + timedelta(minutes=rng.randint(25, 90))
    late = rng.random() < LATE_SHARE
    if status == VisitStatus.CHECKED_IN and rng.random() < 0.5:
        visit["recorded"] = None
    elif late:
        visit["recorded"] = clock.at(day + timedelta(days=1), 9) + timedelta(
            minutes=rng.randint(0, 90)
        )
    else:
        visit["recorded"] = visit["checked_out"] + timedelta(minutes=rng.randint(5, 60))
    end = visit["recorded"] or start
    if status == VisitStatus.CHECKED_OUT:
        end = max(end, visit["checked_out"])
    visit["updated"] = end
    customer.followed(min(end, clock.now - timedelta(minutes=1)))


def write_visits(crm: Crm, signatures: int, scored: int) -> None:
    """The visits, their signed feedback and the visit surveys."""
    rng, ctx = crm.rng, crm.ctx
    visits = Table(Visit)
    first = visits.next_id()
    signable = [
        i
        for i, v in enumerate(crm.visits)
        if v["status"] == VisitStatus.CHECKED_OUT and v.get("recorded")
    ]
    chosen = rng.sample(signable, min(signatures, len(signable)))
    signed = {i: k < scored for k, i in enumerate(chosen)}
    revised = set(rng.sample(chosen, round(len(chosen) * REVISED_SHARE)))
    rows = [_visit_row(crm, first + k, v, k in revised) for k, v in enumerate(crm.visits)]
    visits.insert(rows)
    pngs = _signature_pngs(ctx.seed)
    sigs, surveys = [], []
    for index in sorted(signed):
        row, plan = rows[index], crm.visits[index]
        sig = _signature(crm, row, plan, pngs, score=signed[index])
        sigs.append(sig)
        if sig["satisfaction"] is not None:
            surveys.append(
                {
                    "customer_id": row["customer_id"],
                    "kind": SurveyKind.VISIT,
                    "visit_id": row["id"],
                    "quarter": quarter_of(row["date"]),
                    "score": sig["satisfaction"],
                    "comments": sig["comments"],
                    "respondent": sig["signer_name"],
                    "salesperson_id": row["salesperson_id"],
                    "recorded_by_id": row["salesperson_id"],
                    "recorded_at": sig["signed_at"],
                }
            )
    Table(VisitSignature).insert(sigs, with_ids=False)
    Table(SatisfactionSurvey).insert(surveys, with_ids=False)
    ctx.extra["visits"] = [
        (row["id"], row["customer_id"], row["salesperson_id"], row["date"])
        for row in rows
        if row.get("check_in_at") is not None
    ]


def _visit_row(crm: Crm, pk: int, v: dict[str, Any], revised: bool) -> dict[str, Any]:
    rng, c = crm.rng, v["customer"]
    status, day = v["status"], v["day"]
    contact = None
    if c.contacts and rng.random() < 0.8:
        contact = c.contacts[0] if rng.random() < 0.7 else rng.choice(c.contacts)
    v["contact"] = contact
    started = [pk_ for pk_, opened in c.opportunities if opened <= day]
    confirmed = status != VisitStatus.PLANNED or v["confirmed"]
    row: dict[str, Any] = {
        "id": pk,
        "customer_id": c.id,
        "salesperson_id": c.worker.pk,
        "status": status,
        "date": day,
        "seq": v["seq"],
        "purpose": rng.choice(PURPOSES),
        "materials": rng.choice(MATERIALS),
        "contact_id": contact[0] if contact else None,
        "opportunity_id": rng.choice(started) if started and rng.random() < 0.4 else None,
        "appointment_confirmed": confirmed,
        "appointment_confirmed_at": min(
            v["created"] + timedelta(hours=rng.randint(1, 20)), v.get("start", crm.clock.now)
        )
        if confirmed
        else None,
        "created_at": v["created"],
        "updated_at": v.get("updated", v["created"]),
    }
    if status == VisitStatus.CANCELLED:
        row["cancel_reason"] = rng.choice(CANCEL_REASONS)
    if status not in (VisitStatus.CHECKED_IN, VisitStatus.CHECKED_OUT):
        return row
    alert = crm.settings.checkin_distance_alert_m
    lat, lng = v["in_point"]
    distance = haversine_m(c.lat, c.lng, lat, lng)
    row |= {
        "check_in_at": v["start"],
        "check_in_lat": lat,
        "check_in_lng": lng,
        "check_in_accuracy_m": rng.randint(5, 80),
        "check_in_distance_m": distance,
        "check_in_flagged": distance > alert,
    }
    if status == VisitStatus.CHECKED_OUT:
        lat, lng = v["out_point"]
        distance = haversine_m(c.lat, c.lng, lat, lng)
        row |= {
            "check_out_at": v["checked_out"],
            "check_out_lat": lat,
            "check_out_lng": lng,
            "check_out_distance_m": distance,
            "check_out_flagged": distance > alert,
        }
    if v.get("recorded"):
        days = (
            rng.randint(14, 30)
            if c.kind == CustomerKind.PROSPECT
            else crm.settings.revisit_days(c.grade)
        )
        row |= {
            "content": rng.choice(CONTENTS).format(p=c.industry[2]),
            "needs": rng.choice(NEEDS),
            "agreements": rng.choice(AGREEMENTS),
            "objections": rng.choice(OBJECTIONS),
            "next_step": rng.choice(NEXT_STEPS),
            "next_visit_date": day + timedelta(days=days),
            "recorded_at": v["recorded"],
            "recorded_late": crm.clock.day(v["recorded"]) != day,
        }
    if revised:
        # Corrected after the customer signed: version 2 waits for their signature.
        v["signed_record"] = {key: row.get(key, "") for key in RECORD_FIELDS} | {
            "next_visit_date": row.get("next_visit_date")
        }
        row["record_version"] = 2
        row["content"] += "（补充：客户要求修改交货时间）"
    return row


def _signature(
    crm: Crm, row: dict[str, Any], plan: dict[str, Any], pngs: list[bytes], *, score: bool
) -> dict[str, Any]:
    """The customer's signed version 1 with its seal, as visits.feedback seals it."""
    rng, c = crm.rng, plan["customer"]
    contact = plan["contact"] or (c.contacts[0] if c.contacts else None)
    record = plan.get("signed_record") or {key: row.get(key, "") for key in RECORD_FIELDS} | {
        "next_visit_date": row.get("next_visit_date")
    }
    signed_at = max(row["recorded_at"], row["check_in_at"]) + timedelta(minutes=rng.randint(1, 15))
    sig = {
        "visit_id": row["id"],
        "version": 1,
        "signer_name": contact[1] if contact else c.contact[0],
        "signer_title": contact[2] if contact else "",
        "satisfaction": rng.choices(SCORES, SCORE_WEIGHTS)[0] if score else None,
        "comments": rng.choice(COMMENTS),
        "signature_png": pngs[rng.randrange(len(pngs))],
        "signed_at": signed_at.replace(microsecond=0),
        **record,
    }
    # The payload reads the signature's visit, its customer's code and its salesperson.
    visit = SimpleNamespace(
        pk=row["id"],
        customer=SimpleNamespace(code=c.code),
        salesperson=c.worker,
        date=row["date"],
        check_in_at=row["check_in_at"],
    )
    sig["seal_key"], sig["content_hash"] = visit_feedback_hash(
        SimpleNamespace(visit=visit, **sig)  # type: ignore[arg-type]
    )
    return sig
