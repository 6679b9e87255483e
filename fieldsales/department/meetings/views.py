"""Pages of the Saturday meeting (D5): the list with this week's meeting, the meeting as a
workspace (attendance, each salesperson's week with 重点 marks and guidance, topic, notes,
decisions, close), and the minutes (会议纪要) with their A4 PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import RuleBroken
from fieldsales.core.printing import pdf_response
from fieldsales.department.meetings import printing, rules, selectors, services, weeks
from fieldsales.department.meetings.models import Meeting
from fieldsales.org.models import Department

PAGE_SIZE = 20


def _reader(request: HttpRequest) -> None:
    if not rules.reads_meetings(request.user):
        raise Http404


def _visible(request: HttpRequest, pk: int) -> Meeting:
    _reader(request)
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    return meeting


@login_required
def meetings_page(request: HttpRequest) -> HttpResponse:
    """This Saturday's meeting of each department the user runs, and the meetings they read."""
    _reader(request)
    saturday = weeks.this_saturday(timezone.localdate())
    this_week = []
    for department in Department.objects.filter(pk__in=rules.run_departments(request.user)):
        meeting = selectors.meeting_of_week(department_id=department.pk, saturday=saturday)
        this_week.append({"department": department, "meeting": meeting})
    meetings = selectors.visible_meetings(user=request.user).order_by("-date", "department_id")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "department/meetings/list.html",
        {"saturday": saturday, "this_week": this_week, "page": page},
    )


meetings_page.admits = rules.reads_meetings  # type: ignore[attr-defined]


@action_view(fallback="department:meetings")
def meeting_new(request: HttpRequest) -> tuple[Any, str]:
    """Open a department's meeting for a Saturday (default: this week's)."""
    _reader(request)
    try:
        day = parse_date(request.POST.get("date", "")[:20]) or weeks.this_saturday(
            timezone.localdate()
        )
    except ValueError:
        raise RuleBroken(_("日期无效"), field="date") from None
    department = id_param(request.POST.get("department"))
    if department is None:
        raise RuleBroken(_("请指定部门"), field="department")
    meeting = services.meeting_open(actor=request.user, department_id=department, day=day)
    return ("department:meeting_detail", meeting.pk), _("例会已创建")


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting: a workspace for its head or manager while open, the minutes after."""
    meeting = _visible(request, pk)
    attendees = selectors.attendees_of(meeting)
    return render(
        request,
        "department/meetings/detail.html",
        {
            "meeting": meeting,
            "attendees": attendees,
            "sections": selectors.sections_of(meeting, attendees),
            "can_edit": bool(rules.can_edit(request.user, meeting)),
            "printable": not printing.refusal(meeting),
        },
    )


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """会议纪要 as a page, with the A4 PDF to print."""
    meeting = _visible(request, pk)
    if printing.refusal(meeting):
        raise Http404
    return render(request, "department/meetings/minutes.html", printing.minutes_context(meeting))


@login_required
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible(request, pk)
    if printing.refusal(meeting):
        raise Http404
    return pdf_response(printing.minutes_pdf(meeting), printing.filename(meeting))


ACTIONS = {
    "save": gettext_lazy("例会记录已保存"),
    "attendance": gettext_lazy("出勤已更新"),
    "guidance": gettext_lazy("指导意见已保存"),
    "key": gettext_lazy("重点拜访已更新"),
    "close": gettext_lazy("例会已结束，会议纪要已发给参会人"),
}


@action_view(fallback="department:meetings")
def meeting_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    meeting = _visible(request, pk)
    if action not in ACTIONS:
        raise Http404
    actor, post = request.user, request.POST
    back = ("department:meeting_detail", pk)
    if action == "close":
        services.meeting_close(meeting=meeting, actor=actor)
        return back, str(ACTIONS[action])
    if action == "save":
        data = {name: post.get(name, "") for name in services.TEXT_FIELDS if name in post}
        services.meeting_update(meeting=meeting, actor=actor, data=data)
    elif action == "attendance":
        rows = [
            {
                "user": a.user_id,
                "present": post.get(f"present_{a.user_id}") == "on",
                "absence_note": post.get(f"note_{a.user_id}", "")[:200],
            }
            for a in selectors.attendees_of(meeting)
        ]
        services.meeting_attendance(meeting=meeting, actor=actor, rows=rows)
    elif action == "guidance":
        services.meeting_guidance(
            meeting=meeting,
            actor=actor,
            salesperson_id=id_param(post.get("salesperson")),
            text=post.get("guidance", ""),
        )
    else:
        services.meeting_mark_key(
            meeting=meeting,
            actor=actor,
            visit_id=id_param(post.get("visit")),
            key=post.get("key") == "1",
        )
    return back, str(ACTIONS[action])
