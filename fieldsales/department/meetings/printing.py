"""会议纪要: a Saturday meeting's minutes as an A4 PDF (the shared print header, forms.md)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.people import display_name
from fieldsales.core.printing import cn_date, form_context, render_pdf
from fieldsales.department.meetings import selectors
from fieldsales.department.meetings.models import Meeting
from fieldsales.org.selectors import company_name


def refusal(meeting: Meeting) -> str:
    """Why the minutes do not print yet ("" when they do): only once closed."""
    return "" if not meeting.is_open else _("例会结束后才能打印会议纪要")


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    attendees = selectors.attendees_of(meeting)
    return form_context(
        meeting,
        company=company_name(),
        title="例会纪要",
        number=meeting.number,
        department=meeting.department.name,
        filled_on=meeting.date,
        boxes=("dept_head",),
    ) | {
        "meeting": meeting,
        "day": cn_date(meeting.date),
        "host": display_name(meeting.opened_by),
        "closed_by": display_name(meeting.closed_by) if meeting.closed_by_id else "",
        "present": [display_name(a.user) for a in attendees if a.present],
        "absent": [(display_name(a.user), a.absence_note) for a in attendees if not a.present],
        "sections": selectors.sections_of(meeting, attendees),
    }


def minutes_pdf(meeting: Meeting) -> bytes:
    return render_pdf("department/meetings/print.html", minutes_context(meeting), paper="A4")


def filename(meeting: Meeting) -> str:
    return f"例会纪要-{meeting.department.name}-{meeting.date:%Y%m%d}.pdf"
