"""/api/meetings/ (D5): list, create a week's meeting, retrieve, PATCH the topic, notes and
decisions; attendees, guidance, key-visits, close; print (the minutes as a PDF). What the user
may not see is 404; closed minutes are 409."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.errors import InvalidTransition
from fieldsales.core.printing import pdf_response
from fieldsales.department.meetings import printing, rules, selectors, services
from fieldsales.department.meetings import serializers as s
from fieldsales.department.meetings.models import Meeting, MeetingStatus
from fieldsales.org.access import enforce
from fieldsales.sales.quotes.api import PdfRenderer


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
        OpenApiParameter("status", str, description="open 或 closed"),
    ]
)
class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """D5 the Saturday meeting (周六上午工作例会), one per department and week."""

    serializer_class = s.MeetingCreateSerializer
    queryset = Meeting.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        meetings = selectors.visible_meetings(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            department = _department_param(params)
            if department is not None:
                meetings = meetings.filter(department_id=department)
            status = params.get("status")
            if status:
                if status not in MeetingStatus.values:
                    raise serializers.ValidationError({"status": ["须为 open 或 closed"]})
                meetings = meetings.filter(status=status)
        return meetings.order_by("-date", "department_id")

    def _answer(self, meeting: Meeting, code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=meeting.pk)
        return Response(s.meeting_body(fresh, user=self.request.user), status=code)

    def _editable(self) -> Meeting:
        """The meeting, after 404 (not visible), 403 (not its head or manager) and 409
        (closed): the input is read only then (api.md's order)."""
        meeting = self.get_object()
        enforce(rules.can_edit(self.request.user, meeting))
        return meeting

    @extend_schema(operation_id="meetings_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([s.meeting_summary(m) for m in page or []])

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.meeting_body(self.get_object(), user=request.user))

    @extend_schema(request=s.MeetingCreateSerializer, responses={201: dict})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open the meeting of a department (default: the one the user runs) on a Saturday."""
        data = valid_input(s.MeetingCreateSerializer, request)
        department = data.get("department")
        if department is None:
            runs = rules.run_departments(request.user)
            if not runs:
                enforce(rules.can_open(request.user, None))
            if len(runs) != 1:
                raise serializers.ValidationError({"department": ["请指定部门"]})
            department = runs[0]
        meeting = services.meeting_open(
            actor=request.user, department_id=department, day=data["date"]
        )
        return self._answer(meeting, 201)

    @extend_schema(request=s.MeetingUpdateSerializer, responses={200: dict})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self._editable()
        data = valid_input(s.MeetingUpdateSerializer, request)
        return self._answer(services.meeting_update(meeting=meeting, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.AttendanceSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def attendees(self, request: Request, pk: str | None = None) -> Response:
        """Mark attendees present or absent."""
        meeting = self._editable()
        rows = valid_input(s.AttendanceSerializer, request)["attendees"]
        return self._answer(
            services.meeting_attendance(meeting=meeting, actor=request.user, rows=rows)
        )

    @extend_schema(request=s.GuidanceSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def guidance(self, request: Request, pk: str | None = None) -> Response:
        """The manager's guidance to one salesperson."""
        meeting = self._editable()
        data = valid_input(s.GuidanceSerializer, request)
        return self._answer(
            services.meeting_guidance(
                meeting=meeting,
                actor=request.user,
                salesperson_id=data["salesperson"],
                text=data["guidance"],
            )
        )

    @extend_schema(request=s.KeyVisitSerializer, responses={200: dict})
    @action(detail=True, methods=["post"], url_path="key-visits")
    def key_visits(self, request: Request, pk: str | None = None) -> Response:
        """Mark one of next week's planned visits 重点 (`key`: true) or not."""
        meeting = self._editable()
        data = valid_input(s.KeyVisitSerializer, request)
        return self._answer(
            services.meeting_mark_key(
                meeting=meeting, actor=request.user, visit_id=data["visit"], key=data["key"]
            )
        )

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """The manager closes the meeting; the minutes are frozen and sent to the attendees."""
        return self._answer(services.meeting_close(meeting=self.get_object(), actor=request.user))

    @extend_schema(
        request=None,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            409: OpenApiResponse(description="the meeting is still open"),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="print",
        renderer_classes=[JSONRenderer, PdfRenderer],
    )
    def print_pdf(self, request: Request, pk: str | None = None) -> Any:
        """会议纪要 as an A4 PDF, once the meeting is closed (409 before)."""
        meeting = self.get_object()
        reason = printing.refusal(meeting)
        if reason:
            raise InvalidTransition(reason)
        return pdf_response(printing.minutes_pdf(meeting), printing.filename(meeting))
