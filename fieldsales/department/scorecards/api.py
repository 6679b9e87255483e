"""/api/scorecards/ (D6): list (filters department, quarter, status), retrieve, the actions
review (points, comment), acknowledge, dispute (reason), approve, gather (a quarter), and the
PDF print. Visibility as the pages: what the user may not see is 404; approved is 409."""

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
from fieldsales.core.printing import pdf_response
from fieldsales.department.scorecards import printing, rules, selectors, services
from fieldsales.department.scorecards import serializers as s
from fieldsales.department.scorecards.models import Scorecard, ScorecardStatus
from fieldsales.department.scorecards.quarters import parse_quarter
from fieldsales.org.access import enforce
from fieldsales.sales.quotes.api import PdfRenderer

QUARTER_RULE = "季度格式应为 2026Q3"


@extend_schema(
    parameters=[
        OpenApiParameter("department", int, description="部门编号"),
        OpenApiParameter("quarter", str, description="季度，例如 2026Q3"),
        OpenApiParameter("status", str, description="状态"),
    ]
)
class ScorecardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """D6 the quarterly scorecard (季度考核表), one per salesperson and quarter."""

    serializer_class = s.ScorecardReviewSerializer
    queryset = Scorecard.objects.none()

    def get_queryset(self):
        cards = selectors.visible_scorecards(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            text = params.get("department")
            if text not in (None, ""):
                department = id_param(text)
                if department is None:
                    raise serializers.ValidationError({"department": ["须为编号"]})
                cards = cards.filter(department_id=department)
            text = params.get("quarter")
            if text not in (None, ""):
                quarter = parse_quarter(text)
                if quarter is None:
                    raise serializers.ValidationError({"quarter": [QUARTER_RULE]})
                cards = cards.filter(year=quarter.year, quarter=quarter.number)
            status = params.get("status")
            if status:
                if status not in ScorecardStatus.values:
                    raise serializers.ValidationError(
                        {"status": ["须为 " + "、".join(ScorecardStatus.values)]}
                    )
                cards = cards.filter(status=status)
            # The ranking: by total, highest first; cards that cannot be scored last.
            return cards.order_by("-year", "-quarter", "department_id", "-total", "salesperson_id")
        return cards

    def _answer(self, card: Scorecard) -> Response:
        fresh = selectors.visible_scorecards(user=self.request.user).get(pk=card.pk)
        return Response(s.scorecard_body(fresh, user=self.request.user))

    @extend_schema(operation_id="scorecards_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([s.scorecard_summary(c) for c in page or []])

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.scorecard_body(self.get_object(), user=request.user))

    @extend_schema(request=s.ScorecardReviewSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """The manager's points (0..w_manager as a decimal string) and comment."""
        card = self.get_object()
        enforce(rules.can_review(request.user, card))
        data = valid_input(s.ScorecardReviewSerializer, request)
        return self._answer(
            services.scorecard_review(
                card=card,
                actor=request.user,
                points=data.get("points"),
                comment=data.get("comment"),
            )
        )

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        """被考核人确认: the person accepts the scorecard."""
        return self._answer(
            services.scorecard_acknowledge(card=self.get_object(), actor=request.user)
        )

    @extend_schema(request=s.ScorecardDisputeSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, pk: str | None = None) -> Response:
        """The person disputes it with a reason; it goes back to the manager."""
        card = self.get_object()
        enforce(rules.can_answer(request.user, card))
        data = valid_input(s.ScorecardDisputeSerializer, request)
        return self._answer(
            services.scorecard_dispute(card=card, actor=request.user, reason=data.get("reason"))
        )

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """The GM approves; the scorecard is frozen."""
        return self._answer(services.scorecard_approve(card=self.get_object(), actor=request.user))

    @extend_schema(request=s.ScorecardGatherSerializer, responses={200: dict})
    @action(detail=False, methods=["post"])
    def gather(self, request: Request) -> Response:
        """Gather (or refresh) a quarter's facts of a department (or, for the GM, of every
        department); approved scorecards are left frozen. Idempotent."""
        if not rules.reads_scorecards(request.user) or not (
            rules.is_gm(request.user) or rules.run_departments(request.user)
        ):
            enforce(rules.can_gather(request.user, None))
        data = valid_input(s.ScorecardGatherSerializer, request)
        quarter = parse_quarter(data["quarter"])
        if quarter is None:
            raise serializers.ValidationError({"quarter": [QUARTER_RULE]})
        cards = services.gather_quarter(
            actor=request.user,
            year=quarter.year,
            quarter=quarter.number,
            department=data.get("department"),
        )
        fresh = selectors.visible_scorecards(user=request.user).filter(pk__in=[c.pk for c in cards])
        rows = [s.scorecard_summary(r.card) for r in selectors.ranking(list(fresh))]
        return Response({"quarter": quarter.label, "count": len(rows), "results": rows})

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="print",
        renderer_classes=[JSONRenderer, PdfRenderer],
    )
    def print_pdf(self, request: Request, pk: str | None = None) -> Any:
        """季度考核表 as an A4 PDF."""
        card = self.get_object()
        return pdf_response(printing.scorecard_pdf(card), printing.filename(card))
