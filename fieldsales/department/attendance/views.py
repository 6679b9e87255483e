"""Pages of attendance (D7): my month (the 告知 button on top before work starts on a working
day, phone first), the manager's month grid (person × day, colour marks, totals) with its
Excel sheet, a day's punches and corrections (the correction and exception form), and the
import of the clock's file (upload, preview, confirm), with a sample file to start from."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import ServiceError
from fieldsales.core.sheets import XLSX, check_upload_size
from fieldsales.core.workdays import is_working_day, previous_working_day
from fieldsales.department.attendance import importing, rules, selectors, services
from fieldsales.department.attendance.entries import STATUS_LABELS
from fieldsales.department.attendance.models import (
    AttendanceCorrection,
    AttendanceNotice,
    ClockImport,
    ClockNumber,
    ClockRecord,
    CorrectionKind,
)
from fieldsales.department.attendance.sheets import MARKS, attendance_month_xlsx
from fieldsales.department.versions import department_params_on
from fieldsales.org.models import Department


def _month(request: HttpRequest, today: date) -> date:
    text = request.GET.get("month") or ""
    try:
        year, month = (int(part) for part in text.split("-")) if text.isascii() else (0, 0)
        if not 2000 <= year <= 2100:
            raise ValueError(text)
        return date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


def _day(text: str | None) -> date | None:
    if not text or not text.isascii() or len(text) != 10:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if 2000 <= value.year <= 2100 else None


def _nav(first: date) -> dict[str, Any]:
    return {
        "month": first,
        "previous": (first - timedelta(days=1)).replace(day=1),
        "following": (first + timedelta(days=32)).replace(day=1),
    }


def notice_window(user: Any, now: datetime) -> dict[str, Any]:
    """Whether the 告知 button shows now: a salesperson, a working day, before work_start,
    not yet given."""
    today = timezone.localdate(now)
    if not rules.gives_notice(user) or not is_working_day(today):
        return {"open": False}
    start = department_params_on(today).work_start
    start_at = timezone.make_aware(datetime.combine(today, start), timezone.get_default_timezone())
    given = AttendanceNotice.objects.filter(person=user, day=today).first()
    return {"open": now < start_at and given is None, "start": start, "given": given}


@login_required
def attendance_page(request: HttpRequest) -> HttpResponse:
    """My month: each working day's status; the 告知 button first while it may be given."""
    user = request.user
    if not rules.reads_attendance(user):
        raise Http404
    if not rules.keeps_attendance(user):
        return redirect("department:attendance_grid")
    now = timezone.now()
    today = timezone.localdate(now)
    first, last = selectors.month_bounds(_month(request, today))
    entries = [
        e
        for e in selectors.statuses([user.pk], first, last)[user.pk]
        if e.status not in ("off", "future")
    ]
    return render(
        request,
        "department/attendance/mine.html",
        {
            **_nav(first),
            "entries": entries[::-1],
            "counts": selectors.totals(entries),
            "labels": STATUS_LABELS,
            "notice": notice_window(user, now),
            "manages": rules.manages_attendance(user),
            "params": department_params_on(today),
        },
    )


attendance_page.admits = rules.reads_attendance  # type: ignore[attr-defined]


@action_view(fallback="department:attendance")
def attendance_notice(request: HttpRequest) -> tuple[Any, str]:
    notice = services.attendance_notice_give(
        actor=request.user, reason=request.POST.get("reason", "")
    )
    return "department:attendance", _("已告知迟到（%(t)s）") % {
        "t": timezone.localtime(notice.given_at).strftime("%H:%M")
    }


def _departments(user: Any) -> Any:
    departments = Department.objects.order_by("pk")
    if not rules.reads_everyone(user):
        departments = departments.filter(pk__in=rules.head_of(user))
    return departments


GRID_PAGE = 30  # people a page of the month's grid shows (the GM's company has hundreds)


def _grid_people(request: HttpRequest) -> tuple[list[Any], int | None]:
    department = id_param(request.GET.get("department"))
    people = selectors.people_seen_by(request.user)
    if department is not None:
        if department not in _departments(request.user).values_list("pk", flat=True):
            raise Http404
        people = people.filter(employee__department_id=department)
    return list(people), department


@login_required
def attendance_grid(request: HttpRequest) -> HttpResponse:
    """The department's month: a row per person, a column per day, totals at the end."""
    user = request.user
    if not rules.manages_attendance(user):
        raise Http404
    today = timezone.localdate()
    first, last = selectors.month_bounds(_month(request, today))
    people, department = _grid_people(request)
    page = Paginator(people, GRID_PAGE).get_page(request.GET.get("page"))
    found = selectors.statuses([p.pk for p in page], first, last)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    rows = [
        {"person": p, "entries": found[p.pk], "totals": selectors.totals(found[p.pk])} for p in page
    ]
    return render(
        request,
        "department/attendance/grid.html",
        {
            **_nav(first),
            "days": days,
            "rows": rows,
            "page": page,
            "labels": STATUS_LABELS,
            "marks": MARKS,
            "departments": _departments(user),
            "department": department,
            "keeps": rules.keeps_attendance(user),
        },
    )


attendance_grid.admits = rules.manages_attendance  # type: ignore[attr-defined]


@login_required
def attendance_sheet(request: HttpRequest) -> HttpResponse:
    """The month's sheet in Excel (D7): the grid as the manager sees it."""
    user = request.user
    if not rules.manages_attendance(user):
        raise Http404
    first, last = selectors.month_bounds(_month(request, timezone.localdate()))
    people, _department = _grid_people(request)
    found = selectors.statuses([p.pk for p in people], first, last)
    content = attendance_month_xlsx(
        people=people,
        found=found,
        first=first,
        last=last,
        title=_("考勤月报 %(m)s") % {"m": f"{first:%Y-%m}"},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="attendance-{first:%Y-%m}.xlsx"'
    return response


@login_required
def attendance_day(request: HttpRequest) -> HttpResponse:
    """One person's day: status, punches, notice, corrections; the manager's form."""
    user = request.user
    if not rules.reads_attendance(user):
        raise Http404
    day = _day(request.GET.get("day"))
    person = selectors.person_seen_by(user, id_param(request.GET.get("person")) or user.pk)
    if day is None or person is None:
        raise Http404
    entry = selectors.statuses([person.pk], day, day)[person.pk][0]
    return render(
        request,
        "department/attendance/day.html",
        {
            "person": person,
            "day": day,
            "entry": entry,
            "labels": STATUS_LABELS,
            "records": ClockRecord.objects.filter(person=person, day=day).order_by("time"),
            "corrections": AttendanceCorrection.objects.filter(
                person=person, day=day
            ).select_related("actor"),
            "can_correct": rules.can_correct(user, person),
            "kinds": CorrectionKind.choices,
        },
    )


@action_view(fallback="department:attendance")
def attendance_correct(request: HttpRequest) -> tuple[Any, str]:
    person = selectors.person_seen_by(request.user, id_param(request.POST.get("person")))
    day = _day(request.POST.get("day"))
    if person is None or day is None:
        raise Http404
    record = None
    if request.POST.get("record"):
        record = ClockRecord.objects.filter(
            pk=id_param(request.POST.get("record")) or 0, person=person, day=day
        ).first()
    services.attendance_correct(
        actor=request.user,
        person=person,
        day=day,
        kind=request.POST.get("kind", ""),
        reason=request.POST.get("reason", ""),
        time=request.POST.get("time") or None,
        record=record,
    )
    url = f"{reverse('department:attendance_day')}?person={person.pk}&day={day.isoformat()}"
    return url, _("已更正并留痕")


@login_required
def attendance_import(request: HttpRequest) -> HttpResponse:
    """Upload → each row checked on screen → confirm: every new row saved, or none."""
    user = request.user
    if not rules.manages_attendance(user):
        raise Http404
    preview, batch = None, None
    if request.method == "POST" and request.POST.get("batch"):
        found = ClockImport.objects.filter(
            pk=id_param(request.POST["batch"]) or 0, uploaded_by=user
        ).first()
        if found is None:
            raise Http404
        try:
            done = services.clock_import_confirm(actor=user, batch=found)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("已导入 %(n)d 条打卡记录（%(a)s 至 %(b)s）")
                % {"n": done.rows_added, "a": done.first_day, "b": done.last_day},
            )
            return redirect(f"{reverse('department:attendance_grid')}?month={done.first_day:%Y-%m}")
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择考勤机导出的文件"))
        else:
            try:
                check_upload_size(upload.size, importing.LIMITS)
                batch, preview = services.clock_import_preview(
                    actor=user, content=upload.read(), filename=upload.name or ""
                )
            except ServiceError as error:
                messages.error(request, error.message)
    recent = ClockImport.objects.filter(status="confirmed").select_related("uploaded_by")[:10]
    return render(
        request,
        "department/attendance/import.html",
        {
            "preview": preview,
            "batch": batch,
            "counts": {
                state: preview.count(state)
                for state in (
                    importing.NEW,
                    importing.DUPLICATE,
                    importing.EXISTING,
                    importing.ERROR,
                )
            }
            if preview
            else {},
            "recent": recent,
        },
        status=400 if preview is not None and not preview.ok else 200,
    )


attendance_import.admits = rules.manages_attendance  # type: ignore[attr-defined]


@login_required
def attendance_template(request: HttpRequest) -> HttpResponse:
    """A sample clock file (UTF-8 CSV with BOM): the three columns and a day's punches of the
    people the manager sees who have a 工号, to fill in or compare with the clock's export."""
    user = request.user
    if not rules.manages_attendance(user):
        raise Http404
    today = timezone.localdate()
    day = previous_working_day(today)
    numbers = ClockNumber.objects.filter(person__in=selectors.people_seen_by(user)).order_by(
        "number"
    )[:20]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["工号", "日期", "时间"])
    for index, number in enumerate(numbers):
        writer.writerow([number.number, day.isoformat(), f"08:{45 + index % 10:02d}:00"])
        writer.writerow([number.number, day.isoformat(), f"17:{35 + index % 10:02d}:00"])
    if not numbers:
        writer.writerow(["1001", day.isoformat(), "08:52:00"])
    response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="clock-sample.csv"'
    return response
