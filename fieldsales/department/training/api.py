"""/api/trainings/ (D10): list, create, retrieve, PATCH a session; `{id}/attendance/`,
`{id}/materials/` (multipart `file`), `records/{user}/` (a person's training record). What the
user may not see is 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import valid_input
from fieldsales.core.errors import NotFound
from fieldsales.department.training import rules, selectors, services
from fieldsales.department.training import serializers as s
from fieldsales.department.training.models import TrainingSession
from fieldsales.org.access import enforce


class TrainingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """D10 training sessions (培训) and each person's training record."""

    serializer_class = s.TrainingCreateSerializer
    queryset = TrainingSession.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.visible_sessions(user=self.request.user).order_by("-date", "-id")

    def _answer(self, session: TrainingSession, code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=session.pk)
        return Response(s.session_body(fresh, user=self.request.user), status=code)

    def _editable(self) -> TrainingSession:
        session = self.get_object()
        enforce(rules.can_edit(self.request.user, session))
        return session

    @extend_schema(operation_id="trainings_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([s.session_summary(x) for x in page or []])

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.session_body(self.get_object(), user=request.user))

    @extend_schema(request=s.TrainingCreateSerializer, responses={201: dict})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.TrainingCreateSerializer, request)
        department = data.pop("department", None)
        if department is None:
            runs = rules.run_departments(request.user)
            if not runs:
                enforce(rules.can_create(request.user, None))
            if len(runs) != 1:
                raise serializers.ValidationError({"department": ["请指定部门"]})
            department = runs[0]
        session = services.training_create(actor=request.user, department_id=department, data=data)
        return self._answer(session, 201)

    @extend_schema(request=s.TrainingUpdateSerializer, responses={200: dict})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self._editable()
        data = valid_input(s.TrainingUpdateSerializer, request)
        return self._answer(
            services.training_update(session=session, actor=request.user, data=data)
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.TrainingAttendanceSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        """Mark attendees present or absent."""
        session = self._editable()
        rows = valid_input(s.TrainingAttendanceSerializer, request)["attendees"]
        return self._answer(
            services.training_attendance(session=session, actor=request.user, rows=rows)
        )

    @extend_schema(request=s.TrainingMaterialSerializer, responses={201: dict})
    @action(detail=True, methods=["post"])
    def materials(self, request: Request, pk: str | None = None) -> Response:
        """Upload a material (PDF or picture)."""
        session = self._editable()
        data = valid_input(s.TrainingMaterialSerializer, request)
        services.training_add_material(session=session, actor=request.user, upload=data["file"])
        return self._answer(session, 201)

    @extend_schema(responses={200: dict})
    @action(detail=False, methods=["get"], url_path=r"records/(?P<user_id>[0-9]{1,18})")
    def records(self, request: Request, user_id: str | None = None) -> Response:
        """A person's training record: sessions attended and missed (own, or as their
        department's head or manager, or the GM; 404 otherwise)."""
        person = (
            get_user_model().objects.filter(pk=int(user_id or 0)).select_related("employee").first()
        )
        if not rules.can_read_record(request.user, person):
            raise NotFound("未找到。")
        return Response(s.record_body(selectors.training_record(person=person)))
