"""Pages of work logs (D3): today's log on the phone (the day's facts on top, three texts,
submit), my logs with late and missing marks, a log with its comments, and the head's view of
the department by day (who filed, late, missing)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import ServiceError
from fieldsales.core.workdays import (
    is_working_day,
    next_working_day,
    previous_working_day,
)
from fieldsales.department.worklogs import facts, rules, selectors, services
from fieldsales.department.worklogs.due import due_at
from fieldsales.department.worklogs.models import WorkLog, WorkLogComment
from fieldsales.org.models import Department


def _day(text: str | None) -> date | None:
    if not text or not text.isascii() or len(text) != 10:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if 2000 <= value.year <= 2100 else None


def _latest_working_day(today: date) -> date:
    return today if is_working_day(today) else previous_working_day(today)


def _month(request: HttpRequest, today: date) -> date:
    text = request.GET.get("month") or ""
    try:
        year, month = (int(part) for part in text.split("-")) if text.isascii() else (0, 0)
        if not 2000 <= year <= 2100:
            raise ValueError(text)
        return date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


@login_required
def worklogs_page(request: HttpRequest) -> HttpResponse:
    """My logs by month with their marks; a head or the GM who keeps none goes to the board."""
    user = request.user
    if not rules.reads_logs(user):
        raise Http404
    if not rules.writes_logs(user):
        return redirect("department:worklog_board")
    today = timezone.localdate()
    first = _month(request, today)
    last = min((first + timedelta(days=32)).replace(day=1) - timedelta(days=1), today)
    entries = (
        selectors.days_of(person=user, start=first, end=last, viewer=user) if first <= today else []
    )
    counts = {state: sum(e.state == state for e in entries) for state in selectors.DAY_STATES}
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "department/worklogs/list.html",
        {
            "entries": entries,
            "counts": counts,
            "month": first,
            "previous": previous,
            "following": following if following <= today else None,
            "today": _latest_working_day(today),
            "reviews": rules.reviews_logs(user),
        },
    )


worklogs_page.admits = rules.reads_logs  # type: ignore[attr-defined]


@login_required
def worklog_write(request: HttpRequest) -> HttpResponse:
    """Today's log (or ?day=): the day's facts prefilled on top, three texts, save or submit."""
    user = request.user
    if not rules.writes_logs(user):
        raise Http404
    today = timezone.localdate()
    day = _day(request.GET.get("day") or request.POST.get("day")) or _latest_working_day(today)
    log = WorkLog.objects.filter(person=user, day=day).first()
    if log is not None and log.is_submitted:
        return redirect("department:worklog_detail", pk=log.pk)
    errors: dict[str, str] = {}
    texts = {name: getattr(log, name, "") for name in services.TEXTS}
    if request.method == "POST":
        texts = {name: request.POST.get(name, "") for name in services.TEXTS}
        submit = request.POST.get("action") == "submit"
        try:
            if log is None:
                log = services.worklog_create(actor=user, day=day, data=texts)
            else:
                log = services.worklog_update(log=log, actor=user, data=texts)
            if submit:
                log = services.worklog_submit(log=log, actor=user)
        except ServiceError as error:
            errors[error.field or "detail"] = error.message
        else:
            if submit:
                messages.success(
                    request,
                    _("工作日志已提交（迟交）") if log.late else _("工作日志已提交"),
                )
                return redirect("department:worklog_detail", pk=log.pk)
            messages.success(request, _("草稿已保存"))
            return redirect(f"{request.path}?day={day.isoformat()}")
    return render(
        request,
        "department/worklogs/write.html",
        {
            "day": day,
            "log": log,
            "facts": facts.facts_of(user.pk, day),
            "texts": texts,
            "errors": errors,
            "due_at": due_at(day),
            "working_day": is_working_day(day),
            "future": day > today,
        },
        status=400 if errors else 200,
    )


def _visible(request: HttpRequest, pk: int) -> WorkLog:
    comments = WorkLogComment.objects.select_related("author").order_by("created_at", "pk")
    log = (
        selectors.visible_logs(user=request.user)
        .prefetch_related(Prefetch("comments", queryset=comments))
        .filter(pk=pk)
        .first()
    )
    if log is None:
        raise Http404
    return log


@login_required
def worklog_detail(request: HttpRequest, pk: int) -> HttpResponse:
    log = _visible(request, pk)
    user = request.user
    return render(
        request,
        "department/worklogs/detail.html",
        {
            "log": log,
            "facts": log.facts if log.facts is not None else facts.facts_of(log.person_id, log.day),
            "due_at": log.due_at or due_at(log.day),
            "can_edit": bool(rules.can_edit(user, log)),
            "can_comment": bool(rules.can_comment(user, log)),
            "mine": log.person_id == user.pk,
        },
    )


@action_view(fallback="department:worklogs")
def worklog_comment(request: HttpRequest, pk: int) -> tuple[Any, str]:
    log = _visible(request, pk)
    services.worklog_comment(log=log, actor=request.user, text=request.POST.get("text", ""))
    return ("department:worklog_detail", pk), _("批注已发送")


@login_required
def worklog_board(request: HttpRequest) -> HttpResponse:
    """The head's view of a day: every salesperson, filed on time, late, missing or not yet."""
    user = request.user
    if not rules.reviews_logs(user):
        raise Http404
    today = timezone.localdate()
    day = _day(request.GET.get("day")) or _latest_working_day(today)
    departments = Department.objects.order_by("pk")
    if not rules.reads_every_log(user):
        departments = departments.filter(pk__in=rules.head_of(user))
    department = id_param(request.GET.get("department"))
    entries = (
        selectors.day_board(viewer=user, day=day, department_id=department)
        if is_working_day(day)
        else []
    )
    counts = {state: sum(e.state == state for e in entries) for state in selectors.DAY_STATES}
    following = next_working_day(day)
    return render(
        request,
        "department/worklogs/board.html",
        {
            "day": day,
            "entries": entries,
            "counts": counts,
            "working_day": is_working_day(day),
            "previous": previous_working_day(day),
            "following": following if following <= today else None,
            "due_at": due_at(day),
            "departments": departments,
            "department": department,
            "writes": rules.writes_logs(user),
        },
    )


worklog_board.admits = rules.reviews_logs  # type: ignore[attr-defined]
