"""REST endpoints of service requests (api.md)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import query_params, valid_input
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.customers import serializers as customers_serializers
from fieldsales.crm.customers.api import CrmOnly, active_user, visible_or_400
from fieldsales.crm.service import selectors, services
from fieldsales.crm.service import serializers as s
from fieldsales.crm.service.models import ServiceRequest


class ServiceRequestViewSet(
    CrmOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """After-sales requests and complaints: steps, owner, deadline, customer-confirmed closure."""

    serializer_class = s.ServiceRequestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return ServiceRequest.objects.none()
        requests = selectors.visible_service_requests(user=self.request.user).prefetch_related(
            "steps__by"
        )
        params = query_params(self.request)
        for key in ("status", "kind"):
            if params.get(key):
                requests = requests.filter(**{key: params[key]})
        if params.get("overdue") == "1":
            requests = requests.filter(
                status__in=ServiceRequest.OPEN_STATUSES, deadline__lt=timezone.localdate()
            )
        return requests.order_by("-created_at", "-pk")

    def _answer(self, request_: ServiceRequest, code: int = 200) -> Response:
        fresh = ServiceRequest.objects.select_related("customer", "owner").get(pk=request_.pk)
        return Response(s.ServiceRequestSerializer(fresh).data, status=code)

    @extend_schema(request=s.ServiceRequestWriteSerializer, responses=s.ServiceRequestSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(valid_input(s.ServiceRequestWriteSerializer, request))
        customer = visible_or_400(
            customers_selectors.visible_customers(user=request.user),
            data.pop("customer"),
            "customer",
            "客户",
        )
        if data.get("owner") is not None:
            data["owner"] = active_user(data["owner"], "owner")
        return self._answer(
            services.service_request_open(actor=request.user, customer=customer, data=data), 201
        )

    @extend_schema(request=s.NoteSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        note = valid_input(s.NoteSerializer, request)["note"]
        return self._answer(
            services.service_request_step(request=obj, actor=request.user, note=note)
        )

    @extend_schema(request=s.AssignSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        data = valid_input(s.AssignSerializer, request)
        return self._answer(
            services.service_request_assign(
                request=obj,
                actor=request.user,
                owner=active_user(data["owner"], "owner"),
                deadline=data.get("deadline"),
                note=data["note"],
            )
        )

    @extend_schema(request=s.ResolveSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        resolution = valid_input(s.ResolveSerializer, request)["resolution"]
        return self._answer(
            services.service_request_resolve(request=obj, actor=request.user, resolution=resolution)
        )

    @extend_schema(request=s.ConfirmClosureSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        data = valid_input(s.ConfirmClosureSerializer, request)
        return self._answer(
            services.service_request_confirm(
                request=obj,
                actor=request.user,
                confirmed_by_name=data["confirmed_by_name"],
                satisfaction=data.get("satisfaction"),
                comments=data["comments"],
            )
        )

    @extend_schema(
        request=customers_serializers.ReasonSerializer, responses=s.ServiceRequestSerializer
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        reason = valid_input(customers_serializers.ReasonSerializer, request)["reason"]
        return self._answer(
            services.service_request_reopen(request=obj, actor=request.user, reason=reason)
        )

    @extend_schema(
        request=customers_serializers.ReasonSerializer, responses=s.ServiceRequestSerializer
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        reason = valid_input(customers_serializers.ReasonSerializer, request)["reason"]
        return self._answer(
            services.service_request_cancel(request=obj, actor=request.user, reason=reason)
        )
