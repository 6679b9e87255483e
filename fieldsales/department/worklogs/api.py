"""/api/work-logs/ (D3): list (by person, date range, status), detail, create and edit a
draft, submit, comment; /missing/ (the working days past due without a log, computed),
/facts/ (the caller's day as the log will list it) and /board/ (a day: who filed, late,
missing). What the user may not see is 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.errors import NotFound
from fieldsales.core.people import display_name
from fieldsales.department.worklogs import facts as day_facts
from fieldsales.department.worklogs import rules, selectors, services
from fieldsales.department.worklogs import serializers as s
from fieldsales.department.worklogs.models import WorkLog, WorkLogComment, WorkLogStatus

STATUSES = ("draft", "submitted", "late", "on_time")
YEARS = (2000, 2100)


def date_param(params: Any, name: str) -> date | None:
    """An ISO date in the query string (400 naming the parameter otherwise)."""
    text = params.get(name)
    if text in (None, ""):
        return None
    try:
        if not text.isascii() or len(text) != 10:
            raise ValueError(text)
        value = date.fromisoformat(text)
    except ValueError:
        raise serializers.ValidationError({name: [_("日期格式须为 YYYY-MM-DD")]}) from None
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise serializers.ValidationError({name: [_("日期须在 2000–2100 年之间")]})
    return value


def _id(params: Any, name: str) -> int | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    value = id_param(text)
    if value is None:
        raise serializers.ValidationError({name: [_("须为编号")]})
    return value


def _range(params: Any) -> tuple[date, date]:
    """start and end (default: this month to today), at most a year apart (400 naming end)."""
    today = timezone.localdate()
    start = date_param(params, "start") or today.replace(day=1)
    end = date_param(params, "end") or today
    if end < start:
        raise serializers.ValidationError({"end": [_("结束日期不能早于开始日期")]})
    if end - start > selectors.LONGEST_RANGE:
        raise serializers.ValidationError({"end": [_("日期范围最长一年")]})
    return start, end


DATE_PARAMS = [
    OpenApiParameter("person", int, description="销售员编号"),
    OpenApiParameter("department", int, description="部门编号"),
    OpenApiParameter("start", date, description="开始日期"),
    OpenApiParameter("end", date, description="结束日期"),
]


class WorkLogViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """D3 daily work logs: one per salesperson per working day."""

    serializer_class = s.WorkLogCreateSerializer
    queryset = WorkLog.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        logs = selectors.visible_logs(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            person = _id(params, "person")
            if person is not None:
                logs = logs.filter(person_id=person)
            department = _id(params, "department")
            if department is not None:
                logs = logs.filter(department_id=department)
            start, end = date_param(params, "start"), date_param(params, "end")
            if start is not None:
                logs = logs.filter(day__gte=start)
            if end is not None:
                logs = logs.filter(day__lte=end)
            status = params.get("status")
            if status == "missing":
                raise serializers.ValidationError(
                    {"status": [_("未交的日志没有记录：请用 /api/work-logs/missing/")]}
                )
            if status not in (None, "") and status not in STATUSES:
                raise serializers.ValidationError(
                    {"status": [_("须为 %(values)s") % {"values": ", ".join(STATUSES)}]}
                )
            if status == "draft":
                logs = logs.filter(status=WorkLogStatus.DRAFT)
            elif status == "submitted":
                logs = logs.filter(status=WorkLogStatus.SUBMITTED)
            elif status == "late":
                logs = logs.filter(status=WorkLogStatus.SUBMITTED, late=True)
            elif status == "on_time":
                logs = logs.filter(status=WorkLogStatus.SUBMITTED, late=False)
        comments = WorkLogComment.objects.select_related("author").order_by("created_at", "pk")
        return logs.prefetch_related(Prefetch("comments", queryset=comments)).order_by(
            "-day", "person_id"
        )

    def _answer(self, log: WorkLog, code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=log.pk)
        return Response(s.log_body(fresh, user=self.request.user), status=code)

    @extend_schema(
        operation_id="work_logs_list",
        parameters=[
            *DATE_PARAMS,
            OpenApiParameter("status", str, description="draft, submitted, late, on_time"),
        ],
        responses={200: dict},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            [s.log_body(log, user=request.user, with_facts=False) for log in page or []]
        )

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.log_body(self.get_object(), user=request.user))

    @extend_schema(request=s.WorkLogCreateSerializer, responses={201: dict})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.WorkLogCreateSerializer, request)
        day = data.pop("day", None) or timezone.localdate()
        return self._answer(services.worklog_create(actor=request.user, day=day, data=data), 201)

    @extend_schema(request=s.WorkLogTextsSerializer, responses={200: dict})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        log = self.get_object()
        data = valid_input(s.WorkLogTextsSerializer, request)
        return self._answer(services.worklog_update(log=log, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.WorkLogTextsSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """File the log: facts frozen, `late` stored (after `log_due` the next working day)."""
        log = self.get_object()
        data = valid_input(s.WorkLogTextsSerializer, request)
        return self._answer(services.worklog_submit(log=log, actor=request.user, data=data))

    @extend_schema(request=s.WorkLogCommentSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: str | None = None) -> Response:
        """The manager's comment (批注); the salesperson is notified."""
        log = self.get_object()
        text = valid_input(s.WorkLogCommentSerializer, request)["text"]
        services.worklog_comment(log=log, actor=request.user, text=text)
        return self._answer(log)

    def _people(self, request: Request, params: Any) -> Any:
        """The salespeople in the caller's scope, narrowed by ?person= or ?department= (404
        for someone the caller may not see)."""
        people = selectors.writers_seen_by(request.user)
        person, department = _id(params, "person"), _id(params, "department")
        if person is not None:
            people = people.filter(pk=person)
            if not people.exists():
                raise NotFound(_("未找到。"))
        if department is not None:
            if not (
                rules.reads_every_log(request.user) or department in rules.head_of(request.user)
            ):
                raise NotFound(_("未找到。"))
            people = people.filter(employee__department_id=department)
        return people

    @extend_schema(parameters=DATE_PARAMS, responses={200: dict})
    @action(detail=False, methods=["get"])
    def missing(self, request: Request) -> Response:
        """The working days past due without a submitted log (computed, never stored)."""
        params = query_params(request)
        start, end = _range(params)
        people = self._people(request, params)
        names = {p.pk: display_name(p) for p in people}
        gaps = selectors.missing_logs(people=list(names), start=start, end=end)
        gaps.sort(key=lambda g: (-g.day.toordinal(), g.person_id))  # newest first
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(gaps, request, view=self)
        return paginator.get_paginated_response(
            [
                {
                    "person": {"id": g.person_id, "name": names[g.person_id]},
                    "day": g.day,
                    "due_at": g.due_at,
                    "status": "missing",
                }
                for g in page or []
            ]
        )

    @extend_schema(parameters=DATE_PARAMS, responses={200: dict})
    @action(detail=False, methods=["get"])
    def counts(self, request: Request) -> Response:
        """Per person in scope, the period's logs filed late and working days missing (D6)."""
        params = query_params(request)
        start, end = _range(params)
        people = list(self._people(request, params))
        counts = selectors.late_and_missing(people, start, end)
        return Response(
            {
                "start": start,
                "end": end,
                "people": [
                    {
                        "person": {"id": p.pk, "name": display_name(p)},
                        "late": counts[p.pk].late,
                        "missing": counts[p.pk].missing,
                    }
                    for p in people
                ],
            }
        )

    @extend_schema(
        parameters=[OpenApiParameter("day", date, description="日期，默认今天")],
        responses={200: dict},
    )
    @action(detail=False, methods=["get"])
    def facts(self, request: Request) -> Response:
        """The caller's day as a log lists it (visits, orders, collections, service steps)."""
        if not rules.writes_logs(request.user):
            raise NotFound(_("未找到。"))
        day = date_param(query_params(request), "day") or timezone.localdate()
        log = WorkLog.objects.filter(person=request.user, day=day).first()
        return Response(
            {
                "day": day,
                "log": log.pk if log else None,
                "facts": day_facts.facts_of(request.user.pk, day),
            }
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("day", date, description="日期，默认今天"),
            OpenApiParameter("department", int, description="部门编号"),
        ],
        responses={200: dict},
    )
    @action(detail=False, methods=["get"])
    def board(self, request: Request) -> Response:
        """One day of the department: each salesperson's mark (on_time, late, missing, …)."""
        if not rules.reviews_logs(request.user):
            raise NotFound(_("未找到。"))
        params = query_params(request)
        day = date_param(params, "day") or timezone.localdate()
        entries = selectors.day_board(
            viewer=request.user, day=day, department_id=_id(params, "department")
        )
        return Response(
            {
                "day": day,
                "people": [
                    {
                        "person": {"id": e.person.pk, "name": display_name(e.person)},
                        "state": e.state,
                        "log": e.log.pk if e.log else None,
                        "due_at": e.due_at,
                    }
                    for e in entries
                ],
            }
        )
