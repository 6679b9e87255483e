"""REST endpoints of api.md; each action parses, calls one service, answers the document."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core import workflow
from fieldsales.core.api import valid_input
from fieldsales.trips import selectors, services
from fieldsales.trips import serializers as s
from fieldsales.trips.models import Advance, Claim, Trip


def _comment(request: Request) -> str:
    return valid_input(s.CommentSerializer, request).get("comment", "")


def _payment_of(data: Any) -> dict[str, Any]:
    """The money services' keywords from a validated PaymentSerializer."""
    return {
        "method": data.get("method", ""),
        "on": data.get("date"),
        "voucher": data.get("voucher", ""),
    }


def _payment(request: Request) -> dict[str, Any]:
    return _payment_of(valid_input(s.PaymentSerializer, request))


class TripViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.TripSerializer
    queryset = Trip.objects.none()  # for the schema; get_queryset() applies visibility
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            selectors.visible_trips(user=self.request.user)
            .prefetch_related("destinations", "customers", "companions")
            .order_by("-created_at", "-pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Everything the page's answers read, fetched for the whole page (not for the actions:
        # a service changes the trip it is given), and its policies in one query.
        trips = selectors.trip_page(selectors.visible_trips(user=request.user))
        page = self.paginate_queryset(self.filter_queryset(trips.order_by("-created_at", "-pk")))
        policies = selectors.policies_on({trip.depart for trip in page})
        context = self.get_serializer_context() | {"policies": policies}
        serializer = self.get_serializer(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)

    def _answer(self, trip: Trip, code: int = 200) -> Response:
        return Response(s.TripSerializer(Trip.objects.get(pk=trip.pk)).data, status=code)

    @extend_schema(request=s.TripWriteSerializer, responses=s.TripSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.TripWriteSerializer, request)
        return self._answer(services.trip_create(traveller=request.user, data=data), 201)

    @extend_schema(request=s.TripWriteSerializer, responses=s.TripSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        trip = self.get_object()
        data = valid_input(s.TripWriteSerializer, request, partial=True)
        return self._answer(services.trip_update(trip=trip, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=s.TripSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.trip_submit(trip=self.get_object(), actor=request.user))

    @extend_schema(request=s.CommentSerializer, responses=s.TripSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        trip = self.get_object()
        return self._answer(
            services.trip_decide(
                trip=trip, actor=request.user, action="approve", comment=_comment(request)
            )
        )

    @extend_schema(request=s.CommentSerializer, responses=s.TripSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        trip = self.get_object()
        return self._answer(
            services.trip_decide(
                trip=trip, actor=request.user, action="reject", comment=_comment(request)
            )
        )

    @extend_schema(request=None, responses=s.TripSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.trip_cancel(trip=self.get_object(), actor=request.user))

    @extend_schema(request=s.SpecialCaseSerializer, responses=s.TripSerializer)
    @action(detail=True, methods=["post"], url_path="special-case")
    def special_case(self, request: Request, pk: str | None = None) -> Response:
        trip = self.get_object()
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        return self._answer(
            services.trip_special_case(trip=trip, actor=request.user, reason=str(reason))
        )

    @extend_schema(request=s.ReportSerializer, responses=s.TripSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str | None = None) -> Response:
        trip = self.get_object()
        data = valid_input(s.ReportSerializer, request)
        services.trip_report_file(trip=trip, actor=request.user, data=data)
        return self._answer(trip)

    @extend_schema(request=s.ReportVisitSerializer, responses=s.TripSerializer)
    @action(detail=True, methods=["post"])
    def visits(self, request: Request, pk: str | None = None) -> Response:
        """A visit with its customer-signed feedback added to the filed report (P7.2), until
        the trip's claim is approved."""
        trip = self.get_object()
        data = valid_input(s.ReportVisitSerializer, request)
        services.trip_visit_add(trip=trip, actor=request.user, data=data)
        return self._answer(trip, 201)


class AdvanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.AdvanceSerializer
    queryset = Advance.objects.none()

    def get_queryset(self):
        advances = workflow.prefetch_approvals(selectors.visible_advances(user=self.request.user))
        return advances.order_by("-created_at", "-pk")

    def _answer(self, advance: Advance, code: int = 200) -> Response:
        return Response(s.AdvanceSerializer(Advance.objects.get(pk=advance.pk)).data, status=code)

    @extend_schema(request=s.AdvanceWriteSerializer, responses=s.AdvanceSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.AdvanceWriteSerializer, request)
        trip = selectors.visible_trips(user=request.user).filter(pk=data["trip"]).first()
        if trip is None:
            raise serializers.ValidationError({"trip": ["出差申请不存在"]})
        advance = services.advance_request(
            trip=trip, actor=request.user, amount=data["amount"], reason=data.get("reason", "")
        )
        return self._answer(advance, 201)

    @extend_schema(request=s.CommentSerializer, responses=s.AdvanceSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        advance = self.get_object()
        return self._answer(
            services.advance_decide(
                advance=advance, actor=request.user, action="approve", comment=_comment(request)
            )
        )

    @extend_schema(request=s.CommentSerializer, responses=s.AdvanceSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        advance = self.get_object()
        return self._answer(
            services.advance_decide(
                advance=advance, actor=request.user, action="reject", comment=_comment(request)
            )
        )

    @extend_schema(request=s.PaymentSerializer, responses=s.AdvanceSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: str | None = None) -> Response:
        advance = self.get_object()
        payment = _payment(request)
        return self._answer(services.advance_pay(advance=advance, actor=request.user, **payment))

    @extend_schema(request=s.CommentSerializer, responses=s.AdvanceSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """The traveller withdraws a submitted advance; finance voids an approved, unpaid one."""
        advance = self.get_object()
        return self._answer(
            services.advance_cancel(advance=advance, actor=request.user, comment=_comment(request))
        )

    @extend_schema(request=s.RepaySerializer, responses=s.AdvanceSerializer)
    @action(detail=True, methods=["post"])
    def repay(self, request: Request, pk: str | None = None) -> Response:
        """Finance records that a paid advance was returned: `settled`, P2.4 frees the traveller."""
        advance = self.get_object()
        data = valid_input(s.RepaySerializer, request)
        return self._answer(
            services.advance_repay(
                advance=advance,
                actor=request.user,
                amount=data.get("amount"),
                comment=data.get("comment", ""),
                **_payment_of(data),
            )
        )


class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.ClaimSerializer
    queryset = Claim.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        claims = selectors.visible_claims(user=self.request.user)
        claims = workflow.prefetch_approvals(selectors.with_reviews(claims))
        return claims.order_by("-created_at", "-pk")

    def _answer(self, claim: Claim, code: int = 200) -> Response:
        return Response(s.ClaimSerializer(Claim.objects.get(pk=claim.pk)).data, status=code)

    @extend_schema(request=s.ClaimWriteSerializer, responses=s.ClaimSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.ClaimWriteSerializer, request)
        trip = selectors.visible_trips(user=request.user).filter(pk=data["trip"]).first()
        if trip is None:
            raise serializers.ValidationError({"trip": ["出差申请不存在"]})
        claim = services.claim_create(trip=trip, actor=request.user, items=data["items"])
        return self._answer(claim, 201)

    @extend_schema(request=s.ClaimItemsSerializer, responses=s.ClaimSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        data = valid_input(s.ClaimItemsSerializer, request)
        return self._answer(
            services.claim_update(claim=claim, actor=request.user, items=data["items"])
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.claim_submit(claim=self.get_object(), actor=request.user))

    @extend_schema(request=s.CommentSerializer, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The claimant takes a submitted claim back to `draft` until its first decision."""
        claim = self.get_object()
        return self._answer(
            services.claim_withdraw(claim=claim, actor=request.user, comment=_comment(request))
        )

    @extend_schema(request=s.CommentSerializer, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        return self._answer(
            services.claim_decide(
                claim=claim, actor=request.user, action="approve", comment=_comment(request)
            )
        )

    @extend_schema(request=s.CommentSerializer, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        return self._answer(
            services.claim_decide(
                claim=claim, actor=request.user, action="reject", comment=_comment(request)
            )
        )

    @extend_schema(request=s.OverrideSerializer, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def overrides(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        data = valid_input(s.OverrideSerializer, request)
        return self._answer(
            services.claim_override(
                claim=claim,
                actor=request.user,
                item=data["item"],
                amount=data["amount"],
                reason=data["reason"],
            )
        )

    @extend_schema(request=s.ReviewNoteSerializer, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: str | None = None) -> Response:
        """The current approver's note on a taxi or tricycle line (P4.6 d); re-evaluates."""
        claim = self.get_object()
        data = valid_input(s.ReviewNoteSerializer, request)
        return self._answer(
            services.claim_note(
                claim=claim, actor=request.user, item=data["item"], note=data["note"]
            )
        )

    @extend_schema(request=s.ReviewNoteSerializer, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def consents(self, request: Request, pk: str | None = None) -> Response:
        """The traveller's department head consents, at their step, to a taxi ride (P4.6)."""
        claim = self.get_object()
        data = valid_input(s.ReviewNoteSerializer, request)
        return self._answer(
            services.claim_consent(
                claim=claim, actor=request.user, item=data["item"], note=data["note"]
            )
        )

    @extend_schema(request=None, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """A new draft claim that corrects this approved one (P8.3)."""
        correction = services.claim_correct(claim=self.get_object(), actor=request.user)
        return self._answer(correction, 201)

    @extend_schema(request=s.PaymentSerializer, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        payment = _payment(request)
        return self._answer(services.claim_settle(claim=claim, actor=request.user, **payment))


def not_found() -> None:
    raise Http404
