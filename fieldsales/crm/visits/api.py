"""REST endpoints of visits (api.md)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.parsers import FormParser, JSONParser, MultiPartParser
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.customers import serializers as customers_serializers
from fieldsales.crm.customers.api import CrmRecordViewSet, active_user, visible_or_400
from fieldsales.crm.visits import selectors, services
from fieldsales.crm.visits import serializers as s
from fieldsales.crm.visits.models import Visit


class VisitViewSet(CrmRecordViewSet):
    """Planned visits, check-in and check-out with the phone's position, record, signature."""

    serializer_class = s.VisitSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return Visit.objects.none()
        visits = (
            selectors.visible_visits(user=self.request.user)
            .select_related("customer", "salesperson")
            .prefetch_related("photos", "signatures")
        )
        params = query_params(self.request)
        for key, lookup in (("date_from", "date__gte"), ("date_to", "date__lte")):
            if params.get(key):
                try:
                    visits = visits.filter(**{lookup: params[key]})
                except Exception as error:  # a malformed date is the caller's input error
                    raise serializers.ValidationError({key: ["日期格式应为 YYYY-MM-DD"]}) from error
        if params.get("status"):
            visits = visits.filter(status=params["status"])
        if (customer := id_param(params.get("customer"))) is not None:
            visits = visits.filter(customer_id=customer)
        if params.get("scope") == "mine":
            visits = visits.filter(salesperson=self.request.user)
        return visits.order_by("-date", "seq", "-pk")

    def _answer(self, visit: Visit, code: int = 200) -> Response:
        fresh = (
            Visit.objects.select_related("customer", "salesperson")
            .prefetch_related("signatures")
            .get(pk=visit.pk)
        )
        return Response(s.VisitSerializer(fresh).data, status=code)

    @extend_schema(request=s.VisitWriteSerializer, responses=s.VisitSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(valid_input(s.VisitWriteSerializer, request))
        customer = visible_or_400(
            customers_selectors.visible_customers(user=request.user),
            data.pop("customer"),
            "customer",
            "客户",
        )
        if data.get("salesperson") is not None:
            data["salesperson"] = active_user(data["salesperson"], "salesperson")
        visit = services.visit_plan(actor=request.user, customer=customer, data=data)
        return self._answer(visit, 201)

    @extend_schema(request=s.VisitEditSerializer, responses=s.VisitSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visit = self.get_object()
        data = dict(valid_input(s.VisitEditSerializer, request, partial=True))
        return self._answer(services.visit_update(visit=visit, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.ConfirmAppointmentSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-appointment")
    def confirm_appointment(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        note = valid_input(s.ConfirmAppointmentSerializer, request)["note"]
        return self._answer(
            services.visit_confirm_appointment(visit=visit, actor=request.user, note=note)
        )

    @extend_schema(request=customers_serializers.ReasonSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        reason = valid_input(customers_serializers.ReasonSerializer, request)["reason"]
        return self._answer(services.visit_cancel(visit=visit, actor=request.user, reason=reason))

    @extend_schema(request=s.PositionSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.PositionSerializer, request)
        return self._answer(
            services.visit_check_in(
                visit=visit,
                actor=request.user,
                latitude=data["latitude"],
                longitude=data["longitude"],
                accuracy=data.get("accuracy"),
            )
        )

    @extend_schema(request=s.PositionSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.PositionSerializer, request)
        return self._answer(
            services.visit_check_out(
                visit=visit,
                actor=request.user,
                latitude=data["latitude"],
                longitude=data["longitude"],
            )
        )

    @extend_schema(request=s.RecordSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.RecordSerializer, request)
        return self._answer(services.visit_record(visit=visit, actor=request.user, data=data))

    @extend_schema(request=s.SignSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.SignSerializer, request)
        services.visit_sign(
            visit=visit,
            actor=request.user,
            signer_name=data["signer_name"],
            signer_title=data.get("signer_title", ""),
            satisfaction=data.get("satisfaction"),
            comments=data.get("comments", ""),
            signature=data["signature"],
        )
        return self._answer(visit)

    @extend_schema(request={"multipart/form-data": s.PhotoSerializer}, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def photos(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.PhotoSerializer, request)
        services.visit_add_photo(
            visit=visit, actor=request.user, upload=data["photo"], caption=data.get("caption", "")
        )
        return self._answer(visit, 201)


class OverdueRevisitActions:
    """GET /api/customers/overdue-revisits/: kept customers whose revisit is due."""

    @extend_schema(responses=s.RevisitSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="overdue-revisits")
    def overdue_revisits(self, request: Request) -> Response:
        rows = selectors.overdue_revisits(
            user=request.user,
            today=timezone.localdate(),
            mine_only=request.query_params.get("scope") == "mine",
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.RevisitSerializer(page, many=True).data)
