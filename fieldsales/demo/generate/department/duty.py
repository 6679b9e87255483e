"""D7, duty: each department's duty rota a month back and a month ahead."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from fieldsales.demo.generate import Context
from fieldsales.demo.generate.selling import at, explicit_times
from fieldsales.department.duty.models import DutyShift
from fieldsales.department.versions import department_params_on
from fieldsales.org.models import Team, TeamKind


def generate(ctx: Context) -> int:
    """D7: each generated department's duty rota a month back and a month ahead, on the duty
    weekdays, rotating through its salespeople; the past ones mostly done."""
    rng = ctx.rng
    today = ctx.today
    weekdays = set(department_params_on(today).duty_weekdays)
    have = set(DutyShift.objects.values_list("department_id", "day"))
    teams = {t.department_id: t.pk for t in Team.objects.filter(kind=TeamKind.SALES)}
    members: dict[int, list[int]] = defaultdict(list)
    for person in (u.pk for u in ctx.salespeople):
        members[ctx.department_of[person]].append(person)
    shifts = []
    for department in ctx.departments:
        people = members[department.pk]
        if not people or any(d == department.pk for d, _day in have):
            continue
        head = ctx.heads[department.pk]
        for n, offset in enumerate(range(-30, 31)):
            day = today + timedelta(days=offset)
            if day.weekday() not in weekdays:
                continue
            done = day < today and rng.random() < 0.95
            shifts.append(
                DutyShift(
                    department=department,
                    day=day,
                    team_id=teams.get(department.pk),
                    person_id=people[n % len(people)],
                    done_at=at(day, 18) if done else None,
                    created_by=head,
                    created_at=at(today - timedelta(days=31), 9),
                    updated_at=at(day, 18) if done else at(today - timedelta(days=31), 9),
                )
            )
    with explicit_times(DutyShift):
        ctx.bulk(DutyShift, shifts)
    return len(shifts)
