"""Reads of Saturday meetings: who sees which (D5), the department's people, and each
salesperson's week: last week's visits with their results, next week's planned visits with
the manager's 重点 marks (live while open, the snapshot once closed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fieldsales.core.people import display_name
from fieldsales.crm.visits.models import Visit, VisitStatus
from fieldsales.department.meetings import rules, weeks
from fieldsales.department.meetings.models import (
    Meeting,
    MeetingAttendee,
    MeetingStatus,
    MeetingVisit,
    VisitWeek,
)
from fieldsales.org.access import has_role
from fieldsales.org.models import Employee, Role

STATUS_LABELS = dict(VisitStatus.choices)


def visible_meetings(*, user: Any) -> QuerySet[Meeting]:
    """The GM every meeting; a head or manager their departments'; a salesperson their
    department's closed ones (the minutes); others none (404)."""
    meetings = Meeting.objects.select_related("department", "opened_by", "closed_by")
    if rules.reads_every_meeting(user):
        return meetings
    condition = Q(pk__in=[])
    runs = rules.run_departments(user)
    if runs:
        condition |= Q(department_id__in=runs)
    member = rules.member_department(user)
    if member is not None:
        condition |= Q(department_id=member, status=MeetingStatus.CLOSED)
    return meetings.filter(condition)


def meeting_detail(*, user: Any, pk: int) -> Meeting | None:
    return visible_meetings(user=user).filter(pk=pk).first()


def department_people(department_id: int) -> list[Employee]:
    """The department's active people: the head and manager first, then by joining order."""
    employees = Employee.objects.filter(department_id=department_id, user__is_active=True)
    return sorted(
        employees.select_related("user"),
        key=lambda e: (e.role not in (Role.DEPT_HEAD, Role.DEPT_MANAGER), e.pk),
    )


def reports_at_meeting(user: Any) -> bool:
    """A salesperson has a section of their own at the meeting."""
    return has_role(user, Role.SALESPERSON)


@dataclass(frozen=True)
class VisitLine:
    """A visit as the minutes show it."""

    visit_id: int | None
    salesperson_id: int
    date: date | None
    customer: str
    purpose: str
    status: str
    result: str
    satisfaction: int | None
    key: bool = False

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))


@dataclass
class Section:
    """One salesperson at the meeting: their week and the manager's guidance."""

    attendee: MeetingAttendee
    name: str
    last: list[VisitLine] = field(default_factory=list)
    next: list[VisitLine] = field(default_factory=list)


def _satisfaction(visit: Visit) -> int | None:
    survey = getattr(visit, "survey", None)
    if survey is not None:
        return int(survey.score)
    signed = visit.signature
    return int(signed.satisfaction) if signed is not None and signed.satisfaction else None


def result_of(visit: Visit) -> str:
    """What came of a visit: the record's parts, or why it did not happen."""
    if visit.status == VisitStatus.CANCELLED:
        return _("已取消：%(reason)s") % {"reason": visit.cancel_reason or "—"}
    parts = [
        (_("洽谈"), visit.content),
        (_("共识"), visit.agreements),
        (_("问题"), visit.objections),
        (_("下一步"), visit.next_step),
    ]
    text = "；".join(f"{label}：{value.strip()}" for label, value in parts if value.strip())
    if text:
        return text
    if visit.status == VisitStatus.PLANNED:
        return _("未执行")
    return _("未填写拜访记录")


def _line(visit: Visit, *, key: bool = False) -> VisitLine:
    return VisitLine(
        visit_id=visit.pk,
        salesperson_id=visit.salesperson_id,
        date=visit.date,
        customer=visit.customer.name,
        purpose=visit.purpose,
        status=visit.status,
        result=result_of(visit),
        satisfaction=_satisfaction(visit),
        key=key,
    )


def _visits(people: list[int], start: date, end: date) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(salesperson_id__in=people, date__range=(start, end))
        .select_related("customer", "survey")
        .prefetch_related("signatures")
        .order_by("date", "seq", "pk")
    )


def last_week_visits(*, people: list[int], saturday: date) -> list[VisitLine]:
    """Every visit of these people in the week the meeting reviews, with its result."""
    start, end = weeks.last_week(saturday)
    return [_line(v) for v in _visits(people, start, end)]


def next_week_planned(*, people: list[int], saturday: date) -> QuerySet[Visit]:
    """The visits planned for the week after the meeting (crm visit plan, still planned)."""
    start, end = weeks.next_week(saturday)
    return _visits(people, start, end).filter(status=VisitStatus.PLANNED)


def key_marks(meeting: Meeting) -> set[int]:
    return set(
        MeetingVisit.objects.filter(
            meeting=meeting, week=VisitWeek.NEXT, key=True, visit__isnull=False
        ).values_list("visit_id", flat=True)
    )


def live_lines(meeting: Meeting, people: list[int]) -> tuple[list[VisitLine], list[VisitLine]]:
    """Last and next week's lines as the data stand now (an open meeting)."""
    marks = key_marks(meeting)
    last = last_week_visits(people=people, saturday=meeting.date)
    following = [
        _line(v, key=v.pk in marks) for v in next_week_planned(people=people, saturday=meeting.date)
    ]
    return last, following


def frozen_lines(meeting: Meeting) -> tuple[list[VisitLine], list[VisitLine]]:
    """The lines written when the meeting closed."""
    rows = MeetingVisit.objects.filter(meeting=meeting, frozen=True).order_by("date", "pk")
    lines = {VisitWeek.LAST: [], VisitWeek.NEXT: []}  # type: dict[str, list[VisitLine]]
    for row in rows:
        lines[row.week].append(
            VisitLine(
                visit_id=row.visit_id,
                salesperson_id=row.salesperson_id,
                date=row.date,
                customer=row.customer,
                purpose=row.purpose,
                status=row.status,
                result=row.result,
                satisfaction=row.satisfaction,
                key=row.key,
            )
        )
    return lines[VisitWeek.LAST], lines[VisitWeek.NEXT]


def attendees_of(meeting: Meeting) -> list[MeetingAttendee]:
    return list(meeting.attendees.select_related("user").order_by("order", "pk"))


def sections_of(meeting: Meeting, attendees: list[MeetingAttendee] | None = None) -> list[Section]:
    """Per salesperson: last week's visits and results, next week's visits (重点 marked)."""
    attendees = attendees if attendees is not None else attendees_of(meeting)
    reporting = [a for a in attendees if a.has_section]
    people = [a.user_id for a in reporting]
    if meeting.is_open:
        last, following = live_lines(meeting, people)
    else:
        last, following = frozen_lines(meeting)
    sections = {a.user_id: Section(a, display_name(a.user)) for a in reporting}
    for line in last:
        if line.salesperson_id in sections:
            sections[line.salesperson_id].last.append(line)
    for line in following:
        if line.salesperson_id in sections:
            sections[line.salesperson_id].next.append(line)
    return list(sections.values())


def meeting_of_week(*, department_id: int, saturday: date) -> Meeting | None:
    return Meeting.objects.filter(department_id=department_id, date=saturday).first()
