"""The demo's showroom duty (department.md D8): last month's rota and this month's, the days
gone by marked done at 08:15 except one missed, the rest of this month drawn by the service."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from fieldsales.department.duty import rules, selectors, services
from fieldsales.department.duty.models import DutyShift


def _past_rota(head: Any, department_id: int, days: list[Any]) -> list[DutyShift]:
    """Shifts for days already begun (the service draws only days ahead), in the same
    rotation: the teams in turn, each team's people in turn."""
    groups = selectors.rotation_groups(department_id)
    if not groups:
        return []
    turns = {team: 0 for team, _people in groups}
    made = []
    for index, day in enumerate(days):
        team, people = groups[index % len(groups)]
        person = people[turns[team] % len(people)]
        turns[team] += 1
        made.append(
            DutyShift.objects.create(
                department_id=department_id, day=day, team_id=team, person=person, created_by=head
            )
        )
    return made


def load(users: dict[str, Any]) -> None:
    head = users["head"]
    department_id = head.employee.department_id
    now = timezone.now()
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    if DutyShift.objects.filter(department_id=department_id, day__gte=last_month).exists():
        return
    days = [
        day
        for month in (last_month, this_month)
        for day in selectors.duty_days(month)
        if rules.day_starts_at(day) <= now
    ]
    past = _past_rota(head, department_id, days)
    missed = past[-3] if len(past) >= 3 else None
    for shift in past:
        if shift is missed or now <= rules.done_deadline(shift):
            continue  # one missed; today's, still open, left for the person to mark
        shift.done_at = timezone.make_aware(datetime.combine(shift.day, time(8, 15)))
        shift.note = "展台、样品已擦拭，资料架已补齐。"
        shift.save(update_fields=["done_at", "note"])
    services.duty_generate(actor=head, department_id=department_id, month=this_month)
