"""REST endpoints of surveys (api.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import query_params, valid_input
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.customers.api import CrmOnly, visible_or_400
from fieldsales.crm.surveys import selectors, services
from fieldsales.crm.surveys import serializers as s
from fieldsales.crm.surveys.models import SatisfactionSurvey


class SurveyViewSet(
    CrmOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Satisfaction scores (1-4) per visit, per service request, per quarter."""

    serializer_class = s.SurveySerializer
    # The visits and requests a survey may name, as the user sees them: given by
    # fieldsales.crm.api, which sits above visits and service (surveys sit below both).
    visible_visits: Callable[..., Any]
    visible_service_requests: Callable[..., Any]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return SatisfactionSurvey.objects.none()
        surveys = selectors.visible_surveys(user=self.request.user)
        params = query_params(self.request)
        for key in ("quarter", "kind"):
            if params.get(key):
                surveys = surveys.filter(**{key: params[key]})
        return surveys.order_by("-recorded_at", "-pk")

    @extend_schema(request=s.SurveyWriteSerializer, responses=s.SurveySerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(valid_input(s.SurveyWriteSerializer, request))
        customer = visible_or_400(
            customers_selectors.visible_customers(user=request.user),
            data.pop("customer"),
            "customer",
            "客户",
        )
        visit = (
            visible_or_400(self.visible_visits(user=request.user), data["visit"], "visit", "拜访")
            if data.get("visit")
            else None
        )
        service_request = (
            visible_or_400(
                self.visible_service_requests(user=request.user),
                data["service_request"],
                "service_request",
                "售后单",
            )
            if data.get("service_request")
            else None
        )
        survey = services.survey_record(
            actor=request.user,
            customer=customer,
            kind=data["kind"],
            score=data["score"],
            comments=data.get("comments", ""),
            respondent=data.get("respondent", ""),
            quarter=data.get("quarter", ""),
            visit=visit,
            service_request=service_request,
        )
        fresh = SatisfactionSurvey.objects.select_related("customer", "salesperson").get(
            pk=survey.pk
        )
        return Response(s.SurveySerializer(fresh).data, status=201)

    @extend_schema(
        parameters=[OpenApiParameter("quarter", str)], responses=s.ScoreLineSerializer(many=True)
    )
    @action(detail=False, methods=["get"])
    def scores(self, request: Request) -> Response:
        """Per salesperson: count, average and satisfied rate for a quarter (default: this one)."""
        quarter = request.query_params.get("quarter") or selectors.quarter_of(timezone.localdate())
        if not selectors.QUARTER_FORMAT.match(quarter):
            raise serializers.ValidationError({"quarter": ["季度格式应为 2026Q1"]})
        lines = selectors.satisfaction_scores(user=request.user, quarter=quarter)
        return Response(
            {"quarter": quarter, "results": s.ScoreLineSerializer(lines, many=True).data}
        )
