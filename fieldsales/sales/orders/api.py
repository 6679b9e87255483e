"""REST endpoints of orders and collections (selling.md S5, S6): each action parses, calls
one service, answers the document."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.errors import InvalidTransition
from fieldsales.core.printing import pdf_response
from fieldsales.sales.orders import printing, selectors, services
from fieldsales.sales.orders import serializers as s
from fieldsales.sales.orders.models import Collection, Order
from fieldsales.sales.quotes.api import PdfRenderer


def _date_param(params: Any, name: str, *, default: date | None = None) -> date:
    raw = params.get(name)
    if not raw:
        if default is None:
            raise serializers.ValidationError({name: ["请填写日期，格式 YYYY-MM-DD"]})
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise serializers.ValidationError({name: ["日期格式须为 YYYY-MM-DD"]}) from None


def _scope_params(params: Any) -> dict[str, Any]:
    """`salesperson` a user id or username, `department` an id (400 naming them otherwise)."""
    scope: dict[str, Any] = {}
    raw = (params.get("salesperson") or "").strip()
    if raw:
        users = get_user_model().objects
        person = id_param(raw)
        found = users.filter(pk=person).first() if person is not None else None
        found = found or users.filter(username=raw[:150]).first()
        if found is None:
            raise serializers.ValidationError({"salesperson": ["没有这个销售员"]})
        scope["salesperson"] = found.pk
    raw = (params.get("department") or "").strip()
    if raw:
        department = id_param(raw)
        if department is None:
            raise serializers.ValidationError({"department": ["部门须为编号"]})
        scope["department"] = department
    return scope


class OrderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.OrderSerializer
    queryset = Order.objects.none()  # for the schema; get_queryset() applies visibility
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        orders = selectors.visible_orders(user=self.request.user)
        params = query_params(self.request)
        if params.get("status"):
            orders = orders.filter(status=params["status"][:20])
        if (customer := id_param(params.get("customer"))) is not None:
            orders = orders.filter(customer_id=customer)
        if self.action == "list":  # a page reads its documents in a fixed number of queries
            orders = selectors.order_page(orders)
        return orders.order_by("-created_at", "-pk")

    def _answer(self, order: Order, code: int = 200) -> Response:
        fresh = Order.objects.select_related("customer", "salesperson").get(pk=order.pk)
        return Response(s.order_data(fresh), status=code)

    @extend_schema(request=s.OrderWriteSerializer, responses=dict)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.OrderWriteSerializer, request)
        return self._answer(services.order_create(actor=request.user, data=data), 201)

    @extend_schema(request=s.OrderWriteSerializer, responses=dict)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.get_object()
        data = valid_input(s.OrderWriteSerializer, request, partial=True)
        return self._answer(services.order_update(order=order, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=dict)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.order_submit(order=self.get_object(), actor=request.user))

    @extend_schema(request=s.OrderApproveSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        data = request.data
        checklist = None
        if hasattr(data, "getlist"):  # a form: the ticked boxes, or the items as fields
            checklist = data.getlist("checklist") or None
            data = {k: data.get(k) for k in data if k != "checklist"}
        body = s.OrderApproveSerializer(data=data)
        body.is_valid(raise_exception=True)
        checklist = checklist or body.checklist_of()
        return self._answer(
            services.order_decide(
                order=order,
                actor=request.user,
                action="approve",
                comment=body.validated_data.get("comment", ""),
                checklist=checklist,
            )
        )

    @extend_schema(request=s.OrderCommentSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        comment = valid_input(s.OrderCommentSerializer, request).get("comment", "")
        return self._answer(
            services.order_decide(order=order, actor=request.user, action="reject", comment=comment)
        )

    @extend_schema(request=s.OrderSignSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        data = valid_input(s.OrderSignSerializer, request)
        return self._answer(
            services.order_sign(
                order=order, actor=request.user, signed_on=data["signed_on"], scan=data["scan"]
            )
        )

    @extend_schema(request=s.OrderDeliveryWriteSerializer, responses=dict)
    @action(detail=True, methods=["get", "post"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        if request.method == "GET":
            return Response(s.order_data(order)["deliveries"])
        data = valid_input(s.OrderDeliveryWriteSerializer, request)
        services.delivery_record(
            order=order, actor=request.user, day=data["date"], lines=data["lines"]
        )
        return self._answer(order, 201)

    @extend_schema(request=s.OrderReasonSerializer, responses=dict)
    @extend_schema(
        request=None,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            409: OpenApiResponse(description="not reviewed yet (S5.2)"),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="print",
        renderer_classes=[JSONRenderer, PdfRenderer],
    )
    def print_pdf(self, request: Request, pk: str | None = None) -> Any:
        """The 销售合同 summary as an A4 PDF, once the contract review approved it."""
        order = self.get_object()
        reason = printing.refusal(order)
        if reason:
            raise InvalidTransition(reason)
        return pdf_response(printing.order_pdf(order), f"销售合同-{order.number}.pdf")

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        reason = valid_input(s.OrderReasonSerializer, request).get("reason", "")
        return self._answer(services.order_cancel(order=order, actor=request.user, reason=reason))

    @extend_schema(request=s.OrderCollectionWriteSerializer, responses=dict)
    @action(detail=True, methods=["get", "post"])
    def collections(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        if request.method == "GET":
            rows = order.collections.select_related("recorded_by")
            return Response([s.collection_data(c) for c in rows])
        data = valid_input(s.OrderCollectionWriteSerializer, request)
        collection, created = services.collection_record(
            order=order,
            actor=request.user,
            day=data["date"],
            amount=data["amount"],
            method=data["method"],
            reference=data.get("reference", ""),
            key=request.headers.get("Idempotency-Key", ""),
        )
        fresh = Collection.objects.select_related("recorded_by").get(pk=collection.pk)
        return Response(s.collection_data(fresh), status=201 if created else 200)


class CollectionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.OrderCollectionSerializer
    queryset = Collection.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Collection.objects.none()
        return selectors.visible_collections(user=self.request.user).select_related("recorded_by")

    @extend_schema(request=s.OrderReasonSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str | None = None) -> Response:
        collection = self.get_object()
        reason = valid_input(s.OrderReasonSerializer, request).get("reason", "")
        voided = services.collection_void(collection=collection, actor=request.user, reason=reason)
        fresh = Collection.objects.select_related("recorded_by").get(pk=voided.pk)
        return Response(s.collection_data(fresh))


class ReceivablesView(APIView):
    """S6: per signed order the user sees, on `on` (default today): due, collected,
    outstanding, overdue and the aging bucket. Paginated in the database as every list
    (api.md: count, next, previous, results), with `on` and the totals of every page."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        params = query_params(request)
        on = _date_param(params, "on", default=timezone.localdate())
        orders = selectors.receivables_queryset(user=request.user, on=on, **_scope_params(params))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(orders, request, view=self) or []
        rows = (selectors.receivable_row(order, on) for order in page)
        results = [
            {
                "order": row["order"].pk,
                "number": row["order"].number,
                "status": row["order"].status,
                "customer": row["order"].customer_id,
                "customer_name": row["order"].customer.name,
                "salesperson": row["order"].salesperson_id,
                "total": s.money(row["total"]),
                "due": s.money(row["due"]),
                "collected": s.money(row["collected"]),
                "outstanding": s.money(row["outstanding"]),
                "overdue": s.money(row["overdue"]),
                "days_past_due": row["days_past_due"],
                "aging": row["aging"],
                "aging_bucket": row["aging"],
                "buckets": {k: s.money(v) for k, v in row["buckets"].items()},
            }
            for row in rows
        ]
        figures = selectors.receivables_totals(user=request.user, on=on, **_scope_params(params))
        totals = {key: s.money(figures[key]) for key in selectors.FIGURES}
        buckets = {b: s.money(figures["buckets"][b]) for b in selectors.BUCKETS}
        response = paginator.get_paginated_response(results)
        response.data = {"on": on.isoformat()} | response.data
        response.data["totals"] = totals | {"buckets": buckets}
        return response


class CollectionRateView(APIView):
    """S6.3: {"due", "collected", "rate"} for [from, to]; rate null ("—") when nothing fell due."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        params = query_params(request)
        start = _date_param(params, "from")
        end = _date_param(params, "to")
        if end < start:
            raise serializers.ValidationError({"to": ["结束日期不能早于开始日期"]})
        figures = selectors.collection_rate(
            user=request.user, start=start, end=end, **_scope_params(params)
        )
        rate = figures["rate"]
        return Response(
            {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "due": s.money(figures["due"]),
                "collected": s.money(figures["collected"]),
                "rate": None if rate is None else f"{rate:.1f}",
                "rate_display": "—" if rate is None else f"{rate:.1f}%",
            }
        )
