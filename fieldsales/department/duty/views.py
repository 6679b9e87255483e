"""Pages of showroom duty (D8): this month's rota (on a phone: my next shift and its 已完成
button), the head's or manager's generate and swap, a shift with its photo, and the history
with missed counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import RuleBroken
from fieldsales.core.people import display_name
from fieldsales.department.duty import rules, selectors, services
from fieldsales.department.duty.models import DutyShift
from fieldsales.department.duty.serializers import parse_month
from fieldsales.department.versions import WEEKDAYS as VERSION_WEEKDAYS
from fieldsales.department.versions import department_params_on
from fieldsales.org.models import Department

WEEKDAYS = dict(VERSION_WEEKDAYS)  # 星期一 … 星期日, translated


def _reader(request: HttpRequest) -> None:
    if not rules.reads_duty(request.user):
        raise Http404


def _visible(request: HttpRequest, pk: int) -> DutyShift:
    _reader(request)
    shift = selectors.shift_detail(user=request.user, pk=pk)
    if shift is None:
        raise Http404
    return shift


def _month(request: HttpRequest) -> Any:
    try:
        return parse_month(request.GET.get("month", "")[:10], timezone.localdate())
    except ValidationError:
        raise Http404 from None


def _row(shift: DutyShift, user: Any, now: Any, people: dict[int, list[Any]]) -> dict[str, Any]:
    return {
        "people": people.get(shift.department_id, []),
        "shift": shift,
        "weekday": WEEKDAYS[shift.day.weekday()],
        "name": display_name(shift.person),
        "state": rules.state(shift, now),
        "can_edit": bool(rules.can_edit(user, shift, now)),
        "mine": shift.person_id == user.pk,
    }


@login_required
def duty_page(request: HttpRequest) -> HttpResponse:
    """The month's rota, my next shift, and (for the head or manager) generate and swap."""
    _reader(request)
    month = _month(request)
    now = timezone.now()
    shifts = list(selectors.month_shifts(user=request.user, month=month))
    runs = list(Department.objects.filter(pk__in=rules.run_departments(request.user)))
    people = {
        d.pk: [u for _team, users in selectors.rotation_groups(d.pk) for u in users] for d in runs
    }
    mine = selectors.next_shift(user=request.user, now=now)
    following = (month + timedelta(days=32)).replace(day=1)
    previous = (month - timedelta(days=1)).replace(day=1)
    params = department_params_on(mine.day if mine else timezone.localdate())
    return render(
        request,
        "department/duty/rota.html",
        {
            "month": month,
            "next_month": following,
            "previous_month": previous,
            "rows": [_row(x, request.user, now, people) for x in shifts],
            "runs": runs,
            "mine": mine,
            "mine_state": rules.state(mine, now) if mine else None,
            "mine_can_mark": bool(rules.can_mark_done(request.user, mine, now)) if mine else False,
            "params": params,
        },
    )


duty_page.admits = rules.reads_duty  # type: ignore[attr-defined]


@login_required
def duty_history(request: HttpRequest) -> HttpResponse:
    _reader(request)
    month = _month(request)
    start, end = selectors.month_bounds(month)
    found = selectors.history(user=request.user, start=start, end=end)
    return render(
        request,
        "department/duty/history.html",
        {
            "month": month,
            "next_month": (month + timedelta(days=32)).replace(day=1),
            "previous_month": (month - timedelta(days=1)).replace(day=1),
            "history": found,
        },
    )


@login_required
def duty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _visible(request, pk)
    now = timezone.now()
    return render(
        request,
        "department/duty/detail.html",
        {
            "shift": shift,
            "weekday": WEEKDAYS[shift.day.weekday()],
            "state": rules.state(shift, now),
            "params": department_params_on(shift.day),
            "can_mark": bool(rules.can_mark_done(request.user, shift, now)),
        },
    )


@login_required
def duty_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A shift's photo, to whoever may see the shift (404 otherwise)."""
    shift = _visible(request, pk)
    if not shift.photo:
        raise Http404
    return FileResponse(shift.photo.open("rb"), content_type=shift.photo_content_type)


@action_view(fallback="department:duty")
def duty_generate(request: HttpRequest) -> tuple[Any, str]:
    _reader(request)
    department = id_param(request.POST.get("department"))
    if department is None:
        raise RuleBroken(_("请指定部门"), field="department")
    try:
        month = parse_month(request.POST.get("month", "")[:10], timezone.localdate())
    except ValidationError:
        raise RuleBroken(_("月份无效"), field="month") from None
    shifts = services.duty_generate(actor=request.user, department_id=department, month=month)
    target = f"{reverse('department:duty')}?month={month:%Y-%m}"
    return target, _("已排 %(month)s 值日表：%(n)d 班") % {
        "month": f"{month:%Y-%m}",
        "n": len(shifts),
    }


@action_view(fallback="department:duty")
def duty_edit(request: HttpRequest, pk: int) -> tuple[Any, str]:
    shift = _visible(request, pk)
    services.duty_shift_edit(
        shift=shift, actor=request.user, person_id=id_param(request.POST.get("person"))
    )
    return f"{reverse('department:duty')}?month={shift.day:%Y-%m}", _("值日人已调整")


@action_view(fallback="department:duty")
def duty_done(request: HttpRequest, pk: int) -> tuple[Any, str]:
    shift = _visible(request, pk)
    photo = request.FILES.get("photo")
    services.duty_shift_done(
        shift=shift, actor=request.user, photo=photo, note=request.POST.get("note", "")[:200]
    )
    return "department:duty", _("值日已确认完成")
