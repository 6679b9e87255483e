"""/api/targets/ (D1): list, create, retrieve, edit a draft; submit, publish, withdraw, cancel,
approve, reject, adjust; and /api/targets/progress/. What the user may not see is 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.people import display_name
from fieldsales.department.targets import progress as progress_of
from fieldsales.department.targets import selectors, services
from fieldsales.department.targets import serializers as s
from fieldsales.department.targets.models import Target, TargetLine


def names_of(targets: list[Target], lines: Any = None) -> dict[int, str]:
    """The display names of every salesperson on these targets' lines (one query); `lines`:
    {target id: lines} read already (selectors.line_rows)."""
    every = (
        [line for t in targets for line in t.lines.all()]
        if lines is None
        else [line for found in lines.values() for line in found]
    )
    ids = {line.salesperson_id for line in every if line.salesperson_id}
    users = get_user_model().objects.in_bulk(ids)
    return {pk: display_name(user) for pk, user in users.items()}


def _param_id(params: Any, name: str) -> int | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    value = id_param(text)
    if value is None:
        raise serializers.ValidationError({name: ["须为编号"]})
    return value


def year_param(params: Any) -> int:
    text = params.get("year")
    if text in (None, ""):
        return timezone.localdate().year
    if not text.isascii() or not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise serializers.ValidationError({"year": ["年度须为 2000–2100 之间的整数"]})
    return int(text)


@extend_schema(
    parameters=[
        OpenApiParameter("year", int, description="年度"),
        OpenApiParameter("level", str, description="company 或 department"),
        OpenApiParameter("department", int, description="部门编号"),
        OpenApiParameter("status", str, description="状态"),
    ]
)
class TargetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """D1 targets: the GM's company target and each department's split, every version."""

    serializer_class = s.TargetWriteSerializer
    queryset = Target.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        targets = selectors.visible_targets(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            if params.get("year"):
                targets = targets.filter(year=year_param(params))
            if params.get("level"):
                targets = targets.filter(level=params["level"])
            department = _param_id(params, "department")
            if department is not None:
                targets = targets.filter(department_id=department)
            if params.get("status"):
                targets = targets.filter(status=params["status"])
        targets = targets.order_by("-year", "level", "department_id", "-version")
        if self.action == "list":
            return targets  # a page's lines are read as values (selectors.line_rows)
        lines = TargetLine.objects.select_related("department", "category").order_by("pk")
        return targets.prefetch_related(Prefetch("lines", queryset=lines))

    def _answer(self, target: Target, code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=target.pk)
        body = s.target_body(fresh, user=self.request.user, names=names_of([fresh]))
        return Response(body, status=code)

    @extend_schema(operation_id="targets_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        targets = list(page or [])
        lines = selectors.line_rows(targets)
        names = names_of(targets, lines)
        return self.get_paginated_response(
            [s.target_body(t, user=request.user, names=names, lines=lines[t.pk]) for t in targets]
        )

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        target = self.get_object()
        body = s.target_body(target, user=request.user, names=names_of([target]))
        body["versions"] = [
            {"id": v.pk, "version": v.version, "status": v.status, "reason": v.reason}
            for v in selectors.versions_of(target).filter(
                pk__in=selectors.visible_targets(user=request.user).values("pk")
            )
        ]
        return Response(body)

    @extend_schema(request=s.TargetWriteSerializer, responses={201: dict})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.TargetWriteSerializer, request)
        return self._answer(services.target_create(actor=request.user, data=data), 201)

    @extend_schema(request=s.TargetUpdateSerializer, responses={200: dict})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        target = self.get_object()
        data = valid_input(s.TargetUpdateSerializer, request)
        return self._answer(services.target_update(target=target, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.target_submit(target=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.target_publish(target=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.target_withdraw(target=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.target_cancel(target=self.get_object(), actor=request.user))

    def _decide(self, request: Request, verb: str) -> Response:
        comment = valid_input(s.TargetCommentSerializer, request).get("comment", "")
        return self._answer(
            services.target_decide(
                target=self.get_object(), actor=request.user, action=verb, comment=comment
            )
        )

    @extend_schema(request=s.TargetCommentSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, "approve")

    @extend_schema(request=s.TargetCommentSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, "reject")

    @extend_schema(request=s.TargetAdjustSerializer, responses={201: dict})
    @action(detail=True, methods=["post"])
    def adjust(self, request: Request, pk: str | None = None) -> Response:
        """目标调整: a new draft version of the version in force, with a reason."""
        reason = valid_input(s.TargetAdjustSerializer, request).get("reason", "")
        adjusted = services.target_adjust(
            target=self.get_object(), actor=request.user, reason=reason
        )
        return self._answer(adjusted, 201)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="年度，默认今年"),
            OpenApiParameter("salesperson", int, description="销售员编号"),
            OpenApiParameter("department", int, description="部门编号"),
        ],
        responses={200: dict},
    )
    @action(detail=False, methods=["get"])
    def progress(self, request: Request) -> Response:
        """D1 progress: actual ÷ target per person, department (and the company for the GM and
        finance), per month, quarter and year (docs/notes-targets.md)."""
        params = query_params(request)
        scope = {
            "user": request.user,
            "year": year_param(params),
            "salesperson": _param_id(params, "salesperson"),
            "department": _param_id(params, "department"),
        }
        result = progress_of.progress(**scope)
        return Response(s.progress_body(result, progress_of.category_progress(**scope)))
