"""Writes of the Saturday meeting (D5): open it for a week, record it (topic, notes, decisions,
attendance, guidance, 重点 visits) while open, and close it, which freezes the minutes.
Keyword-only, one transaction each; closed minutes are 409."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import RuleBroken
from fieldsales.department.meetings import notify, rules, selectors, weeks
from fieldsales.department.meetings.models import (
    Meeting,
    MeetingAttendee,
    MeetingVisit,
    VisitWeek,
)
from fieldsales.org.access import enforce
from fieldsales.org.models import Department

TEXT_FIELDS = {"topic": 4000, "notes": 8000, "decisions": 8000}
AHEAD = timedelta(days=28)  # a meeting may be opened up to four weeks ahead


def _text(value: Any, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise RuleBroken(_("须为文字"), field=name)
    text = value.strip()
    if "\x00" in text:
        raise RuleBroken(_("不能包含空字符"), field=name)
    if len(text) > limit:
        raise RuleBroken(_("不能超过 %(n)s 字") % {"n": limit}, field=name)
    return text


def _locked(meeting: Meeting, actor: Any) -> Meeting:
    """The meeting under its row lock, after the head-or-manager and still-open checks."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    enforce(rules.can_edit(actor, locked))
    return locked


@transaction.atomic
def meeting_open(*, actor: Any, department_id: int, day: date) -> Meeting:
    """D5: the week's meeting of a department, on its Saturday, with the department's people
    as attendees (present unless marked absent) and a section for each salesperson."""
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise RuleBroken(_("部门不存在"), field="department")
    enforce(rules.can_open(actor, department.pk))
    if not weeks.is_saturday(day):
        raise RuleBroken(_("例会在周六上午召开：请选择周六的日期"), field="date")
    if day > timezone.localdate() + AHEAD:
        raise RuleBroken(_("例会最多提前四周创建"), field="date")
    if Meeting.objects.filter(department=department, date=day).exists():
        raise RuleBroken(_("该部门这一周的例会已经创建"), field="date")
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(department=department, date=day, opened_by=actor)
    except IntegrityError:
        raise RuleBroken(_("该部门这一周的例会已经创建"), field="date") from None
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(
            meeting=meeting,
            user=employee.user,
            has_section=selectors.reports_at_meeting(employee.user),
            order=index,
        )
        for index, employee in enumerate(selectors.department_people(department.pk))
    )
    audit(document=meeting, actor=actor, action="open", to_status=meeting.status)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: Any, data: dict[str, Any]) -> Meeting:
    """The week's training topic, the notes and the decisions, while open."""
    meeting = _locked(meeting, actor)
    changed = []
    for name, limit in TEXT_FIELDS.items():
        if name in data:
            setattr(meeting, name, _text(data[name], name, limit))
            changed.append(name)
    if changed:
        meeting.save(update_fields=[*changed, "updated_at"])
        audit(document=meeting, actor=actor, action="edit", data={"fields": changed})
    return meeting


def _attendee(meeting: Meeting, user_id: Any, name: str) -> MeetingAttendee:
    found = (
        meeting.attendees.select_for_update().filter(user_id=user_id).first()
        if isinstance(user_id, int)
        else None
    )
    if found is None:
        raise RuleBroken(_("不是本次例会的参会人"), field=name)
    return found


@transaction.atomic
def meeting_attendance(*, meeting: Meeting, actor: Any, rows: list[dict[str, Any]]) -> Meeting:
    """Mark attendees present or absent (with a note why)."""
    meeting = _locked(meeting, actor)
    for row in rows:
        attendee = _attendee(meeting, row.get("user"), "user")
        attendee.present = bool(row.get("present"))
        attendee.absence_note = (
            "" if attendee.present else _text(row.get("absence_note", ""), "absence_note", 200)
        )
        attendee.save(update_fields=["present", "absence_note"])
    audit(document=meeting, actor=actor, action="attendance", data={"rows": len(rows)})
    return meeting


@transaction.atomic
def meeting_guidance(*, meeting: Meeting, actor: Any, salesperson_id: Any, text: Any) -> Meeting:
    """The manager's guidance to one salesperson."""
    meeting = _locked(meeting, actor)
    attendee = _attendee(meeting, salesperson_id, "salesperson")
    if not attendee.has_section:
        raise RuleBroken(_("只能对业务员给出指导意见"), field="salesperson")
    attendee.guidance = _text(text, "guidance", 4000)
    attendee.save(update_fields=["guidance"])
    audit(document=meeting, actor=actor, action="guidance", data={"salesperson": salesperson_id})
    return meeting


@transaction.atomic
def meeting_mark_key(*, meeting: Meeting, actor: Any, visit_id: Any, key: bool) -> Meeting:
    """Mark one of next week's planned visits 重点 (or not)."""
    meeting = _locked(meeting, actor)
    people = list(meeting.attendees.filter(has_section=True).values_list("user_id", flat=True))
    planned = selectors.next_week_planned(people=people, saturday=meeting.date)
    visit = planned.filter(pk=visit_id).first() if isinstance(visit_id, int) else None
    if visit is None:
        raise RuleBroken(_("只能标记业务员下周计划中的拜访"), field="visit")
    MeetingVisit.objects.update_or_create(
        meeting=meeting,
        week=VisitWeek.NEXT,
        visit=visit,
        defaults={"salesperson_id": visit.salesperson_id, "key": key},
    )
    audit(document=meeting, actor=actor, action="key", data={"visit": visit.pk, "key": key})
    return meeting


def _snapshot(meeting: Meeting, actor: Any) -> None:
    """Write the minutes' visit lines as the data stand at closing (D5)."""
    people = list(meeting.attendees.filter(has_section=True).values_list("user_id", flat=True))
    last, following = selectors.live_lines(meeting, people)
    MeetingVisit.objects.filter(meeting=meeting).delete()
    MeetingVisit.objects.bulk_create(
        MeetingVisit(
            meeting=meeting,
            week=week,
            visit_id=line.visit_id,
            salesperson_id=line.salesperson_id,
            key=line.key,
            frozen=True,
            date=line.date,
            customer=line.customer[:200],
            purpose=line.purpose[:200],
            status=line.status,
            result=line.result,
            satisfaction=line.satisfaction,
        )
        for week, lines in ((VisitWeek.LAST, last), (VisitWeek.NEXT, following))
        for line in lines
    )
    meeting.closed_by = actor
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["closed_by", "closed_at"])


def meeting_close(*, meeting: Meeting, actor: Any) -> Meeting:
    """The manager closes the meeting: the minutes are frozen and sent to the attendees."""
    enforce(rules.can_close(actor, meeting))
    closed = workflow.apply(
        model=Meeting,
        pk=meeting.pk,
        actor=actor,
        action="close",
        before=lambda locked: _snapshot(locked, actor),
        # The notifications are rows of the same transaction; their sending waits for commit.
        after=lambda document, _old: notify.minutes_closed(meeting=document, actor=actor),
    )
    return closed
