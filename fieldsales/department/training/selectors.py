"""Reads of training (D10): who sees which sessions, a session's attendees and materials, the
Saturday meeting a session belongs to, and each person's training record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from fieldsales.department.training import rules
from fieldsales.department.training.models import TrainingAttendee, TrainingSession
from fieldsales.org.models import Employee, Role


def visible_sessions(*, user: Any) -> QuerySet[TrainingSession]:
    sessions = TrainingSession.objects.select_related("department", "trainer", "meeting")
    if rules.reads_every_training(user):
        return sessions
    if not rules._signed_in(user):
        return sessions.none()
    condition = Q(trainer=user)
    runs = rules.run_departments(user)
    if runs:
        condition |= Q(department_id__in=runs)
    member = rules.member_department(user)
    if member is not None:
        condition |= Q(department_id=member)
    return sessions.filter(condition)


def session_detail(*, user: Any, pk: int) -> TrainingSession | None:
    return visible_sessions(user=user).filter(pk=pk).first()


def trainees(department_id: int) -> list[Any]:
    """Who attends the department's training: its active salespeople."""
    employees = Employee.objects.filter(
        department_id=department_id, role=Role.SALESPERSON, user__is_active=True
    ).select_related("user")
    return [e.user for e in employees.order_by("pk")]


def attendees_of(session: TrainingSession) -> list[TrainingAttendee]:
    return list(session.attendees.select_related("user").order_by("pk"))


@dataclass
class Record:
    """A person's training record: the sessions held (attended or missed) and upcoming."""

    person: Any
    attended: list[TrainingAttendee] = field(default_factory=list)
    missed: list[TrainingAttendee] = field(default_factory=list)
    upcoming: list[TrainingAttendee] = field(default_factory=list)


def training_record(*, person: Any, today: date | None = None) -> Record:
    day = today or timezone.localdate()
    record = Record(person)
    rows = (
        TrainingAttendee.objects.filter(user=person)
        .select_related("session", "session__trainer", "session__department")
        .order_by("-session__date", "-session_id")
    )
    for row in rows:
        if row.session.date > day:
            record.upcoming.append(row)
        elif row.present:
            record.attended.append(row)
        else:
            record.missed.append(row)
    return record
