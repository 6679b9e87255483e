"""D8, attendance: clock numbers, and two months of clock-ins and -outs in one import."""

from __future__ import annotations

import hashlib
from datetime import time, timedelta

from fieldsales.core.workdays import working_days
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.selling import at, explicit_times
from fieldsales.department.attendance.models import ClockImport, ClockNumber, ClockRecord

CLOCK_DAYS = 61


def generate(ctx: Context, people: list[int]) -> int:
    """D8: clock numbers, and two months of clock-ins and -outs imported in one batch."""
    rng = ctx.rng
    today = ctx.today
    numbered = set(ClockNumber.objects.values_list("person_id", flat=True))
    ctx.bulk(
        ClockNumber,
        (
            ClockNumber(person_id=p, number=f"G{p:06d}")
            for p in people + [h.pk for h in ctx.heads.values()]
            if p not in numbered
        ),
    )
    clocked = set(ClockRecord.objects.values_list("person_id", flat=True).distinct())
    first, last = today - timedelta(days=CLOCK_DAYS), today - timedelta(days=1)
    days = list(working_days(first, last))
    head = ctx.users["head"]
    content = "工号,日期,时间\r\n（生成数据）\r\n".encode()
    batch = ClockImport(
        uploaded_by=head,
        filename="考勤机导出-生成.csv",
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        status="confirmed",
        first_day=first,
        last_day=last,
        confirmed_at=at(today, 8),
        created_at=at(today, 8),
    )
    records = []
    for person in people:
        if person in clocked:
            continue
        for day in days:
            if rng.random() < 0.03:
                continue
            morning = time(8, rng.randint(20, 59), rng.randint(0, 59))
            if rng.random() < 0.04:
                morning = time(9, rng.randint(1, 40), rng.randint(0, 59))
            evening = time(17, rng.randint(30, 59), rng.randint(0, 59))
            records.append((person, day, morning))
            records.append((person, day, evening))
    batch.rows_total = batch.rows_added = len(records)
    with explicit_times(ClockImport, ClockRecord):
        (batch,) = ctx.bulk(ClockImport, [batch])
        ctx.bulk(
            ClockRecord,
            (
                ClockRecord(person_id=p, day=d, time=t, batch=batch, created_at=at(today, 8))
                for p, d, t in records
            ),
        )
    return len(records)
