"""The work-log sweep (D3, D11), run by the notifications worker: a reminder on the due day
(from an hour before `log_due`) to whoever has not filed the previous working day's log, and
once past due, a notice to each one missing and a summary to their department's head and
manager. Each once per log day: the dedupe keys name the day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fieldsales.core.people import display_name
from fieldsales.core.workdays import is_working_day, previous_working_day
from fieldsales.department.worklogs import selectors
from fieldsales.department.worklogs.due import due_at
from fieldsales.department.worklogs.models import WorkLog, WorkLogStatus
from fieldsales.notifications.services import notify
from fieldsales.org.models import Department

DUE_KIND = "worklog.due"
OVERDUE_KIND = "worklog.overdue"
REMIND_BEFORE = timedelta(hours=1)  # 09:00 when logs are due at 10:00
CATCH_UP = timedelta(hours=12)  # a sweep held up for a while still tells (once)


def _write_link(day: date) -> str:
    return f"{reverse('department:worklog_write')}?day={day.isoformat()}"


def _missing(day: date, now: datetime) -> list[Any]:
    people = list(selectors.writers())
    gaps = selectors.missing_logs(people=[p.pk for p in people], start=day, end=day, now=now)
    if not gaps and due_at(day) > now:  # not due yet: whoever has not filed
        filed = set(
            WorkLog.objects.filter(day=day, status=WorkLogStatus.SUBMITTED).values_list(
                "person_id", flat=True
            )
        )
        return [p for p in people if p.pk not in filed]
    absent = {gap.person_id for gap in gaps}
    return [p for p in people if p.pk in absent]


def _remind(day: date, now: datetime) -> int:
    made = 0
    for person in _missing(day, now):
        made += bool(
            notify(
                recipient=person,
                kind=DUE_KIND,
                dedupe_key=f"worklog:{day.isoformat()}:due",
                title=_("请填写 %(day)s 的工作日志") % {"day": day.isoformat()},
                body=_("工作日志须于 %(at)s 前提交（D3）")
                % {"at": timezone.localtime(due_at(day)).strftime("%Y-%m-%d %H:%M")},
                link=_write_link(day),
            )
        )
    return made


def _overdue(day: date, now: datetime) -> int:
    made = 0
    late_people = _missing(day, now)
    by_department: dict[int, list[Any]] = defaultdict(list)
    for person in late_people:
        made += bool(
            notify(
                recipient=person,
                kind=OVERDUE_KIND,
                dedupe_key=f"worklog:{day.isoformat()}:overdue",
                title=_("%(day)s 的工作日志已逾期") % {"day": day.isoformat()},
                body=_("请尽快补交；逾期提交记为迟交（D3）"),
                link=_write_link(day),
            )
        )
        department_id = getattr(getattr(person, "employee", None), "department_id", None)
        if department_id:
            by_department[department_id].append(person)
    for department in Department.objects.filter(pk__in=by_department).select_related(
        "head", "manager"
    ):
        for reader in {u for u in (department.head, department.manager) if u is not None}:
            names = [display_name(p) for p in by_department[department.pk] if p.pk != reader.pk]
            if not names:
                continue
            made += bool(
                notify(
                    recipient=reader,
                    kind=OVERDUE_KIND,
                    dedupe_key=f"worklog:{day.isoformat()}:department:{department.pk}",
                    title=_("%(day)s 有 %(n)d 人未交工作日志")
                    % {"day": day.isoformat(), "n": len(names)},
                    body="、".join(names),
                    link=f"{reverse('department:worklog_board')}?day={day.isoformat()}",
                )
            )
    return made


def run(now: datetime) -> int:
    """One pass: the reminders and overdue notices due at `now`; how many were made."""
    today = timezone.localtime(now, timezone.get_default_timezone()).date()
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        if is_working_day(today):
            day = previous_working_day(today)
            if due_at(day) - REMIND_BEFORE <= now < due_at(day):
                made += _remind(day, now)
        day = today
        while day >= today - timedelta(days=10):  # the longest holiday: due days later
            if is_working_day(day) and now - CATCH_UP < due_at(day) <= now:
                made += _overdue(day, now)
            day -= timedelta(days=1)
    return made
