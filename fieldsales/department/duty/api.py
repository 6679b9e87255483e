"""/api/duty/ (D8): a month's rota (`?month=YYYY-MM`, `?department=`), a shift, PATCH its person
(the head or manager, before it begins), `generate/` a month, `{id}/done/` (the person on duty,
multipart with an optional `photo`), `history/` with done and missed counts. What the user may
not see is 404; a begun or done shift is 409."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.errors import NotFound
from fieldsales.department.duty import rules, selectors, services
from fieldsales.department.duty import serializers as s
from fieldsales.department.duty.models import DutyShift
from fieldsales.org.access import enforce


def _department_param(params: Any) -> int | None:
    text = params.get("department")
    if text in (None, ""):
        return None
    value = id_param(text)
    if value is None:
        raise serializers.ValidationError({"department": ["须为编号"]})
    return value


@extend_schema(
    parameters=[
        OpenApiParameter("department", int, description="部门编号"),
        OpenApiParameter("month", str, description="YYYY-MM，默认本月"),
    ]
)
class DutyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """D8 showroom duty (展厅维护): the rota's shifts."""

    serializer_class = s.DutyEditSerializer
    queryset = DutyShift.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        shifts = selectors.visible_shifts(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            month = s.parse_month(params.get("month"), timezone.localdate())
            shifts = selectors.month_shifts(
                user=self.request.user, month=month, department_id=_department_param(params)
            )
        return shifts

    def _answer(self, shift: DutyShift, code: int = 200) -> Response:
        fresh = selectors.visible_shifts(user=self.request.user).get(pk=shift.pk)
        return Response(s.shift_body(fresh, user=self.request.user), status=code)

    @extend_schema(operation_id="duty_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([s.shift_body(x, user=request.user) for x in page or []])

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.shift_body(self.get_object(), user=request.user))

    @extend_schema(request=s.DutyEditSerializer, responses={200: dict})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Put another person on the shift (the head or manager, before it begins)."""
        shift = self.get_object()
        enforce(rules.can_edit(request.user, shift))
        data = valid_input(s.DutyEditSerializer, request)
        return self._answer(
            services.duty_shift_edit(shift=shift, actor=request.user, person_id=data["person"])
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.DutyGenerateSerializer, responses={201: dict})
    @action(detail=False, methods=["post"])
    def generate(self, request: Request) -> Response:
        """Draw a month's rota for a department (default: the one the user runs)."""
        data = valid_input(s.DutyGenerateSerializer, request)
        department = data.get("department")
        if department is None:
            runs = rules.run_departments(request.user)
            if not runs:
                enforce(rules.can_generate(request.user, None))
            if len(runs) != 1:
                raise serializers.ValidationError({"department": ["请指定部门"]})
            department = runs[0]
        month = s.parse_month(data["month"], timezone.localdate())
        shifts = services.duty_generate(actor=request.user, department_id=department, month=month)
        return Response(
            {
                "month": f"{month:%Y-%m}",
                "results": [s.shift_body(x, user=request.user) for x in shifts],
            },
            status=201,
        )

    @extend_schema(request=s.DutyDoneSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        """The person on duty marks it done (optional `photo`, `note`) by duty_done_by."""
        shift = self.get_object()
        enforce(rules.can_mark_done(request.user, shift))
        data = valid_input(s.DutyDoneSerializer, request)
        return self._answer(
            services.duty_shift_done(
                shift=shift, actor=request.user, photo=data.get("photo"), note=data.get("note", "")
            )
        )

    @extend_schema(responses={200: dict})
    @action(detail=False, methods=["get"])
    def history(self, request: Request) -> Response:
        """Each person's shifts, done and missed in a month, and the missed shifts."""
        params = query_params(request)
        month = s.parse_month(params.get("month"), timezone.localdate())
        start, end = selectors.month_bounds(month)
        found = selectors.history(
            user=request.user, start=start, end=end, department_id=_department_param(params)
        )
        return Response(
            {
                "month": f"{month:%Y-%m}",
                "people": [vars(t) for t in found.people],
                "missed": [s.shift_body(x, user=request.user) for x in found.missed],
            }
        )

    @extend_schema(responses={(200, "image/*"): bytes})
    @action(detail=True, methods=["get"])
    def photo(self, request: Request, pk: str | None = None) -> Any:
        shift = self.get_object()
        if not shift.photo:
            raise NotFound("未找到。")
        return FileResponse(shift.photo.open("rb"), content_type=shift.photo_content_type)
