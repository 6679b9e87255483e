"""GET /api/dashboard/?period=2026-11 | 2026-Q4 | 2026 (D12): every chart's series for the
user's scope; 400 naming `period` for anything else, 404 for a user with no dashboard."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fieldsales.core.api import query_params
from fieldsales.core.errors import NotFound
from fieldsales.department.dashboard import charts, periods
from fieldsales.department.dashboard.scope import scope_of
from fieldsales.department.dashboard.serializers import payload


class DashboardView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="2026-11, 2026-Q4 or 2026 (默认本月)")
        ],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        """Target vs actual, the funnel, the collection-rate trend, aging, visits per week,
        trip cost per signed order and the overdue counts (docs/notes-dashboard.md)."""
        params = query_params(request)
        scope = scope_of(request.user)
        if scope is None:
            raise NotFound("未找到。")
        today = timezone.localdate()
        try:
            period = periods.parse(params.get("period"), today=today)
        except periods.BadPeriod as bad:
            raise serializers.ValidationError({"period": [str(bad)]}) from bad
        return Response(payload(scope, period, charts.dashboard(scope, period, today)))
