"""REST endpoints of opportunities (api.md)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.customers.api import CrmRecordViewSet, visible_or_400
from fieldsales.crm.pipeline import selectors, services
from fieldsales.crm.pipeline import serializers as s
from fieldsales.crm.pipeline.models import Opportunity


class OpportunityViewSet(CrmRecordViewSet):
    """The five-stage development pipeline; /move/ follows the transition table."""

    serializer_class = s.OpportunitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return Opportunity.objects.none()
        opportunities = selectors.visible_opportunities(user=self.request.user).prefetch_related(
            "changes__by"
        )
        params = query_params(self.request)
        if params.get("stage"):
            opportunities = opportunities.filter(stage=params["stage"])
        if (customer := id_param(params.get("customer"))) is not None:
            opportunities = opportunities.filter(customer_id=customer)
        if params.get("scope") == "mine":
            opportunities = opportunities.filter(owner=self.request.user)
        return opportunities.order_by("-created_at", "-pk")

    def _answer(self, opportunity: Opportunity, code: int = 200) -> Response:
        fresh = (
            self.get_queryset()
            .model.objects.select_related("customer", "owner")
            .get(pk=opportunity.pk)
        )
        return Response(s.OpportunitySerializer(fresh).data, status=code)

    @extend_schema(request=s.OpportunityWriteSerializer, responses=s.OpportunitySerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(valid_input(s.OpportunityWriteSerializer, request))
        customer = visible_or_400(
            customers_selectors.visible_customers(user=request.user),
            data.pop("customer"),
            "customer",
            "客户",
        )
        return self._answer(
            services.opportunity_create(customer=customer, actor=request.user, data=data), 201
        )

    @extend_schema(request=s.OpportunityWriteSerializer, responses=s.OpportunitySerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        opportunity = self.get_object()
        data = dict(valid_input(s.OpportunityWriteSerializer, request, partial=True))
        if "stage" in data:
            raise serializers.ValidationError({"stage": ["请通过 /move/ 推进阶段"]})
        data.pop("customer", None)
        return self._answer(
            services.opportunity_update(opportunity=opportunity, actor=request.user, data=data)
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.MoveSerializer, responses=s.OpportunitySerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        opportunity = self.get_object()
        data = valid_input(s.MoveSerializer, request)
        return self._answer(
            services.opportunity_move(
                opportunity=opportunity,
                actor=request.user,
                to_stage=data["stage"],
                reason=data["reason"],
                note=data["note"],
                amount=data.get("amount"),
            )
        )
