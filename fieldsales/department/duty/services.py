"""Writes of the showroom duty rota (D8): generate a month's rota (teams in rotation, each
team's people in turn, carried on from the month before), change a shift's person before it
begins, and mark one's own shift done (with an optional photo) by the deadline.
Keyword-only, one transaction each."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import RuleBroken
from fieldsales.core.uploads import PHOTO, atomic_with_files, checked_upload
from fieldsales.department.duty import rules, selectors
from fieldsales.department.duty.models import DutyShift
from fieldsales.org.access import enforce
from fieldsales.org.models import Department, Employee, Role


def _rotation_start(
    department_id: int, before: date, groups: list[tuple[int | None, list[Any]]]
) -> tuple[int, dict[int | None, int]]:
    """Where the rotation goes on from: the team after the last shift's team, and in each team
    the person after the last one of that team on duty (so months chain fairly)."""
    earlier = DutyShift.objects.filter(department_id=department_id, day__lt=before).order_by("-day")
    teams = [team for team, _people in groups]
    last = earlier.first()
    team_index = (
        (teams.index(last.team_id) + 1) % len(teams) if last and last.team_id in teams else 0
    )
    person_index: dict[int | None, int] = {}
    for team, people in groups:
        ids = [p.pk for p in people]
        previous = earlier.filter(team_id=team, person_id__in=ids).first()
        person_index[team] = (ids.index(previous.person_id) + 1) % len(ids) if previous else 0
    return team_index, person_index


@transaction.atomic
def duty_generate(*, actor: Any, department_id: int, month: date) -> list[DutyShift]:
    """D8: the month's rota for a department: a shift on each duty day (Mon/Wed/Fri by the
    parameters, official holidays skipped) not yet begun, the teams in rotation and each team's
    people in turn. Shifts already begun or done stay; the rest of the month is drawn again."""
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise RuleBroken(_("部门不存在"), field="department")
    enforce(rules.can_generate(actor, department.pk))
    Department.objects.select_for_update().filter(pk=department.pk).first()
    now = timezone.now()
    first, _last = selectors.month_bounds(month)
    if first < timezone.localdate(now).replace(day=1):
        raise RuleBroken(_("不能为已过去的月份排值日表（D8）"), field="month")
    groups = selectors.rotation_groups(department.pk)
    if not groups:
        raise RuleBroken(_("本部门没有可排值日的销售员（D8）"), field="department")
    existing = {
        s.day: s
        for s in DutyShift.objects.filter(department=department, day__gte=first)
        if s.day <= _last
    }
    kept = {
        day for day, s in existing.items() if s.done_at is not None or now >= rules.starts_at(s)
    }
    DutyShift.objects.filter(pk__in=[s.pk for d, s in existing.items() if d not in kept]).delete()
    # Days already begun without a shift stay without one: nobody can be on duty in the past.
    days = [
        day
        for day in selectors.duty_days(first)
        if day not in kept and now < rules.day_starts_at(day)
    ]
    team_index, person_index = _rotation_start(department.pk, days[0] if days else first, groups)
    made = []
    for day in days:
        team, people = groups[team_index % len(groups)]
        person = people[person_index[team] % len(people)]
        person_index[team] += 1
        team_index += 1
        made.append(
            DutyShift(department=department, day=day, team_id=team, person=person, created_by=actor)
        )
    DutyShift.objects.bulk_create(made)
    audit(
        document=department,
        actor=actor,
        action="duty_generate",
        data={"month": f"{first:%Y-%m}", "shifts": len(made)},
    )
    return list(DutyShift.objects.filter(department=department, day__range=(first, _last)))


@transaction.atomic
def duty_shift_edit(*, shift: DutyShift, actor: Any, person_id: Any) -> DutyShift:
    """D8: the head or manager puts another of the department's people on a shift (a swap),
    before the shift begins."""
    locked = DutyShift.objects.select_for_update().get(pk=shift.pk)
    enforce(rules.can_edit(actor, locked))
    employee = (
        Employee.objects.filter(
            user_id=person_id,
            department_id=locked.department_id,
            role=Role.SALESPERSON,
            user__is_active=True,
        )
        .select_related("team")
        .first()
        if isinstance(person_id, int)
        else None
    )
    if employee is None:
        raise RuleBroken(_("值日人须为本部门在职的销售员（D8）"), field="person")
    before = locked.person_id
    locked.person_id = employee.user_id
    locked.team_id = (
        employee.team_id
        if employee.team is not None and employee.team.department_id == locked.department_id
        else None
    )
    locked.save(update_fields=["person", "team", "updated_at"])
    audit(
        document=locked,
        actor=actor,
        action="edit",
        data={"from": before, "to": locked.person_id},
    )
    return locked


def duty_shift_done(
    *, shift: DutyShift, actor: Any, photo: Any = None, note: str = ""
) -> DutyShift:
    """D8: the person on duty marks the shift done, by duty_done_by on its day, with an
    optional photo of the showroom (checked and stored as every photo is, core.uploads)."""
    if not isinstance(note, str) or len(note) > 200 or "\x00" in note:
        raise RuleBroken(_("备注不能超过 200 字"), field="note")
    with atomic_with_files() as files:
        locked = DutyShift.objects.select_for_update().get(pk=shift.pk)
        now = timezone.now()
        enforce(rules.can_mark_done(actor, locked, now))
        locked.done_at = now
        locked.note = note.strip()
        fields = ["done_at", "note", "updated_at"]
        if photo is not None:
            checked = checked_upload(photo, accepts=PHOTO, field="photo")
            locked.photo_content_type = checked.content_type
            locked.photo_size = checked.size
            locked.photo_sha256 = checked.sha256
            name = f"{locked.number}-{checked.sha256[:12]}.{checked.extension}"
            files.save_with(locked, "photo", name, checked.file, field="photo")
        else:
            locked.save(update_fields=fields)
        audit(document=locked, actor=actor, action="done", data={"photo": photo is not None})
    return locked
