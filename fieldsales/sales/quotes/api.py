"""REST endpoints of selling.md's quotes; each action parses, calls one service, answers."""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound as DrfNotFound
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.printing import pdf_response
from fieldsales.core.workflow import prefetch_approvals
from fieldsales.sales.quotes import printing, rules, selectors, services
from fieldsales.sales.quotes import serializers as s
from fieldsales.sales.quotes.models import Quote


class PdfRenderer(BaseRenderer):
    """Lets a client ask for `Accept: application/pdf`; the PDF itself is an HttpResponse,
    and an error answered this way is still its JSON body."""

    media_type = "application/pdf"
    format = "pdf"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        return data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()


def _comment(request: Request) -> str:
    return valid_input(s.QuoteCommentSerializer, request).get("comment", "")


class QuoteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Quotes (S4): `?status=` (any status or `expired`), `?customer=`, `?opportunity=`."""

    serializer_class = s.QuoteSerializer
    queryset = Quote.objects.none()  # for the schema; get_queryset() applies visibility
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if not rules.uses_quotes(self.request.user):
            raise DrfNotFound
        quotes = prefetch_approvals(selectors.visible_quotes(user=self.request.user))
        quotes = quotes.prefetch_related("lines__product")
        if self.action == "list":
            quotes = filtered(quotes, query_params(self.request))
        return quotes.order_by("-created_at", "-pk")

    def _answer(self, quote: Quote, code: int = 200) -> Response:
        fresh = Quote.objects.prefetch_related("lines__product").get(pk=quote.pk)
        return Response(s.QuoteSerializer(fresh).data, status=code)

    @extend_schema(request=s.QuoteWriteSerializer, responses={201: s.QuoteSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not rules.uses_quotes(request.user):
            raise DrfNotFound
        data = valid_input(s.QuoteWriteSerializer, request)
        return self._answer(services.quote_create(actor=request.user, data=data), 201)

    @extend_schema(request=s.QuoteWriteSerializer, responses=s.QuoteSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        quote = self.get_object()
        data = valid_input(s.QuoteWriteSerializer, request, partial=True)
        return self._answer(services.quote_update(quote=quote, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.quote_submit(quote=self.get_object(), actor=request.user))

    @extend_schema(request=s.QuoteCommentSerializer, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        quote = self.get_object()
        return self._answer(
            services.quote_decide(
                quote=quote, actor=request.user, action="approve", comment=_comment(request)
            )
        )

    @extend_schema(request=s.QuoteCommentSerializer, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        quote = self.get_object()
        return self._answer(
            services.quote_decide(
                quote=quote, actor=request.user, action="reject", comment=_comment(request)
            )
        )

    @extend_schema(request=None, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.quote_withdraw(quote=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.quote_cancel(quote=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.quote_send(quote=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.quote_accept(quote=self.get_object(), actor=request.user))

    @extend_schema(request=s.QuoteDeclineSerializer, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        quote = self.get_object()
        reason = valid_input(s.QuoteDeclineSerializer, request).get("reason", "")
        return self._answer(services.quote_decline(quote=quote, actor=request.user, reason=reason))

    @extend_schema(request=None, responses={201: s.QuoteSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        """S4.3: a new draft, revision + 1; the answer is the new draft."""
        new = services.quote_revise(quote=self.get_object(), actor=request.user)
        return self._answer(new, 201)

    @extend_schema(
        request=None,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            409: OpenApiResponse(description="not approved yet (S4.4)"),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="print",
        renderer_classes=[JSONRenderer, PdfRenderer],
    )
    def print_pdf(self, request: Request, pk: str | None = None) -> Any:
        """S4.4: the quote as an A4 PDF; printing an approved quote marks it sent."""
        quote = services.quote_printed(quote=self.get_object(), actor=request.user)
        return pdf_response(printing.quote_pdf(quote), f"报价单-{quote.number}.pdf")


def filtered(quotes: Any, params: Any) -> Any:
    """The list's filters: status (with `expired`), customer, opportunity."""
    quotes = selectors.filtered(quotes, status=params.get("status") or "")
    for name in ("customer", "opportunity"):
        if params.get(name):
            quotes = quotes.filter(**{f"{name}_id": id_param(params.get(name)) or 0})
    return quotes
