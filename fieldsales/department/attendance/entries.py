"""What attendance plugs into the shared pages at start-up (DepartmentConfig.ready): the 考勤
section of the 部门 tab, the scorecard's incidents (absent days, P5.2's included; late days,
listed only), labels, and the 工号 mapping in the admin."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core import labels
from fieldsales.core.admin import NoBulkDelete
from fieldsales.department.attendance import rules, selectors, services
from fieldsales.department.attendance.models import ClockNumber, CorrectionKind
from fieldsales.department.incidents import Incident, IncidentSource, register_incident_source
from fieldsales.department.sections import Section, register_section
from fieldsales.notifications.registry import Kind, register_kind

SECTION = Section("department:attendance", gettext_lazy("考勤"), 60, rules.reads_attendance)

STATUS_LABELS = {
    "present": gettext_lazy("正常"),
    "late": gettext_lazy("迟到（已告知）"),
    "absent": gettext_lazy("旷工"),
    "early_leave": gettext_lazy("早退"),
    "trip": gettext_lazy("出差"),
    "exception": gettext_lazy("特批"),
    "unknown": gettext_lazy("未导入"),
    "off": gettext_lazy("休息"),
    "future": gettext_lazy("未到"),
}


def day_url(person_id: int, day: date) -> str:
    return f"{reverse('department:attendance_day')}?person={person_id}&day={day.isoformat()}"


def collect(people: Sequence[Any], start: date, end: date) -> Iterable[Incident]:
    """D6: each absent day (旷工, with the days beyond P5.2's limit) and each late day."""
    absent, late = selectors.absent_and_late(list(people), start, end)
    for entry in absent:
        if entry.p5_2 and entry.trip is not None:
            label = _("出差超期旷工（P5.2）：%(trip)s") % {"trip": entry.trip.number}
            url = entry.trip.url
        else:
            label = _("旷工（D7）：%(day)s") % {"day": entry.day.isoformat()}
            url = day_url(entry.person_id, entry.day)
        yield Incident("absent_days", entry.day, label, url, entry.person_id)
    for entry in late:
        first = entry.first.strftime("%H:%M") if entry.first else ""
        yield Incident(
            "late_days",
            entry.day,
            _("迟到（已告知，D7）：%(day)s %(t)s") % {"day": entry.day.isoformat(), "t": first},
            day_url(entry.person_id, entry.day),
            entry.person_id,
        )


class ClockNumberAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("number", "person")
    search_fields = ("number", "person__username", "person__first_name", "person__last_name")
    autocomplete_fields = ()
    raw_id_fields = ("person",)


def register() -> None:
    register_section(SECTION)
    register_incident_source(IncidentSource("attendance.days", collect))
    register_kind(Kind(services.NOTICE_KIND, gettext_lazy("迟到告知"), 70))
    labels.register("department.attendance.status", STATUS_LABELS)
    labels.register("department.attendance.correction", dict(CorrectionKind.choices))
    if not admin.site.is_registered(ClockNumber):
        admin.site.register(ClockNumber, ClockNumberAdmin)
