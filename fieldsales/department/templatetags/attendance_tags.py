"""Template helpers of the attendance pages (D7): a day's coloured status mark, a dict lookup,
a row of the month's grid."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from fieldsales.department.attendance.entries import STATUS_LABELS
from fieldsales.department.attendance.sheets import MARKS

register = template.Library()


@register.inclusion_tag("department/attendance/_mark.html")
def status_mark(status: str) -> dict[str, Any]:
    return {"status": status, "label": STATUS_LABELS.get(status, status)}


@register.filter
def get_mark(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


@register.simple_tag
def grid_cells(person_id: int, entries: list[Any]) -> SafeString:
    """A person's cells of the month's grid, one per day: the status as class, data and title,
    and the mark linking to the day's records (none on days off and days to come). Written here
    rather than in the template: the GM's page has 930 cells, and the template's per-cell
    lookups, date formats and URL reversals took 150 ms of it."""
    url = reverse("department:attendance_day")
    labels = {status: str(label) for status, label in STATUS_LABELS.items()}

    def cell(entry: Any) -> tuple[Any, ...]:
        day = entry.day.isoformat()
        link = ""
        if entry.status not in ("off", "future"):
            link = format_html(
                '<a href="{}?person={}&amp;day={}">{}</a>',
                url,
                person_id,
                day,
                MARKS.get(entry.status, ""),
            )
        title = labels.get(entry.status, "")
        return (entry.status, day, entry.status, title, link)

    return format_html_join(
        "",
        '<td class="att-{}" data-day="{}" data-status="{}" title="{}">{}</td>',
        (cell(entry) for entry in entries),
    )
