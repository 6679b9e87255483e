"""What showroom duty plugs into the shared pages at start-up (DepartmentConfig.ready): the 值日
section of the 部门 tab, the "duty tomorrow" notification and its sweep, the scorecard's
`missed_duty` incidents (D6, D8), labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core import labels
from fieldsales.department.duty import notify, rules, selectors
from fieldsales.department.duty.models import DutyState
from fieldsales.department.incidents import Incident, IncidentSource, register_incident_source
from fieldsales.department.sections import Section, register_section
from fieldsales.notifications.registry import register_kind, register_sweep

SECTION = Section("department:duty", gettext_lazy("值日"), 60, rules.reads_duty)


def missed_duty(people: Sequence[Any], start: date, end: date) -> Iterable[Incident]:
    """D8 → D6: every shift not marked done by its deadline is one `missed_duty`."""
    ids = [getattr(person, "pk", person) for person in people]
    for shift in selectors.missed_shifts(ids, start, end):
        yield Incident(
            kind="missed_duty",
            day=shift.day,
            label=_("展厅值日未完成：%(day)s") % {"day": f"{shift.day:%Y-%m-%d}"},
            url=reverse("department:duty_detail", args=[shift.pk]),
            user_id=shift.person_id,
        )


def register() -> None:
    register_section(SECTION)
    for kind in notify.KINDS:
        register_kind(kind)
    register_sweep(notify.SWEEP)
    register_incident_source(IncidentSource("duty.missed", missed_duty))
    labels.register("department.duty.state", dict(DutyState.choices))
