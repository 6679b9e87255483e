"""Pages of training (D10): the sessions (with a new one for the head or manager), a session
(materials, links, attendance for its head, manager or trainer), and a person's record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import RuleBroken
from fieldsales.department.training import rules, selectors, services
from fieldsales.department.training.models import TrainingMaterial, TrainingSession
from fieldsales.org.models import Department, Employee

PAGE_SIZE = 20


def _reader(request: HttpRequest) -> None:
    if not rules.reads_training(request.user):
        raise Http404


def _visible(request: HttpRequest, pk: int) -> TrainingSession:
    _reader(request)
    session = selectors.session_detail(user=request.user, pk=pk)
    if session is None:
        raise Http404
    return session


@login_required
def trainings_page(request: HttpRequest) -> HttpResponse:
    _reader(request)
    sessions = selectors.visible_sessions(user=request.user).order_by("-date", "-id")
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    runs = list(Department.objects.filter(pk__in=rules.run_departments(request.user)))
    trainers = Employee.objects.filter(user__is_active=True).select_related("user").order_by("pk")
    return render(
        request,
        "department/training/list.html",
        {
            "page": page,
            "runs": runs,
            "trainers": [e.user for e in trainers],
            "today": timezone.localdate(),
        },
    )


trainings_page.admits = rules.reads_training  # type: ignore[attr-defined]


def _day(text: str) -> Any:
    try:
        day = parse_date(text[:20])
    except ValueError:
        day = None
    if day is None:
        raise RuleBroken(_("日期无效"), field="date")
    return day


@action_view(fallback="department:trainings")
def training_new(request: HttpRequest) -> tuple[Any, str]:
    _reader(request)
    post = request.POST
    department = id_param(post.get("department"))
    if department is None:
        raise RuleBroken(_("请指定部门"), field="department")
    data = {
        "date": _day(post.get("date", "")),
        "topic": post.get("topic", ""),
        "trainer": id_param(post.get("trainer")) or request.user.pk,
        "links": post.get("links", ""),
        "notes": post.get("notes", ""),
    }
    session = services.training_create(actor=request.user, department_id=department, data=data)
    return ("department:training_detail", session.pk), _("培训已创建")


@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _visible(request, pk)
    return render(
        request,
        "department/training/detail.html",
        {
            "session": session,
            "attendees": selectors.attendees_of(session),
            "materials": session.materials.all(),
            "can_edit": bool(rules.can_edit(request.user, session)),
            "held": session.date <= timezone.localdate(),
        },
    )


@login_required
def training_material(request: HttpRequest, pk: int, material: int) -> HttpResponse:
    session = _visible(request, pk)
    found = get_object_or_404(TrainingMaterial, pk=material, session=session)
    return FileResponse(found.file.open("rb"), content_type=found.content_type, filename=found.name)


@login_required
def training_record(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_user_model().objects.filter(pk=user_id).select_related("employee").first()
    if not rules.can_read_record(request.user, person):
        raise Http404
    return render(
        request,
        "department/training/record.html",
        {"record": selectors.training_record(person=person)},
    )


ACTIONS = {
    "save": gettext_lazy("培训已保存"),
    "attendance": gettext_lazy("出勤已更新"),
    "material": gettext_lazy("资料已上传"),
}


@action_view(fallback="department:trainings")
def training_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    session = _visible(request, pk)
    if action not in ACTIONS:
        raise Http404
    post, actor = request.POST, request.user
    if action == "save":
        data = {name: post.get(name, "") for name in ("topic", "links", "notes") if name in post}
        services.training_update(session=session, actor=actor, data=data)
    elif action == "attendance":
        rows = [
            {
                "user": a.user_id,
                "present": post.get(f"present_{a.user_id}") == "on",
                "note": post.get(f"note_{a.user_id}", "")[:200],
            }
            for a in selectors.attendees_of(session)
        ]
        services.training_attendance(session=session, actor=actor, rows=rows)
    else:
        services.training_add_material(
            session=session, actor=actor, upload=request.FILES.get("file")
        )
    return ("department:training_detail", pk), str(ACTIONS[action])
