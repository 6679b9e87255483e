"""REST endpoints of the catalogue: /api/products/ and /api/price-lists/ (selling.md S1)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.printing import pdf_response
from fieldsales.core.sheets import XLSX, check_upload_size
from fieldsales.org.access import enforce
from fieldsales.sales.catalogue import rules, selectors, services
from fieldsales.sales.catalogue import serializers as s
from fieldsales.sales.catalogue.models import PriceList, Product

TRUE, FALSE = ("1", "true", "yes"), ("0", "false", "no")


def _comment(request: Request) -> str:
    return valid_input(s.PriceListCommentSerializer, request).get("comment", "")


def _flag(value: str | None, name: str) -> bool | None:
    if value in (None, ""):
        return None
    lowered = value.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise serializers.ValidationError({name: ["须为 true 或 false"]})


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file download under its Chinese name (RFC 5987) with an ASCII fallback."""
    response = HttpResponse(content, content_type=content_type)
    fallback = filename.encode("ascii", "ignore").decode().lstrip("-") or "download"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


@extend_schema(
    parameters=[
        OpenApiParameter("category", int, description="产品类别编号"),
        OpenApiParameter("active", bool, description="在售"),
        OpenApiParameter("q", str, description="编码、名称或型号"),
    ]
)
class ProductViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """S1.1: read by all staff; written by the department head/manager and admin."""

    serializer_class = s.ProductSerializer
    queryset = Product.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        params = query_params(self.request) if self.action == "list" else {}
        category = params.get("category") if params else None
        return selectors.visible_products(
            user=self.request.user,
            category=id_param(category) if category else None,
            active=_flag(params.get("active"), "active") if params else None,
            q=(params.get("q") or "")[:100] if params else "",
        ).order_by("category__position", "code")

    def _answer(self, product: Product, code: int = 200) -> Response:
        return Response(s.ProductSerializer(Product.objects.get(pk=product.pk)).data, status=code)

    @extend_schema(request=s.ProductWriteSerializer, responses=s.ProductSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        enforce(rules.can_manage_products(request.user))
        data = valid_input(s.ProductWriteSerializer, request)
        return self._answer(services.product_create(actor=request.user, data=data), 201)

    @extend_schema(request=s.ProductWriteSerializer, responses=s.ProductSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        product = self.get_object()
        enforce(rules.can_manage_products(request.user))
        data = valid_input(s.ProductWriteSerializer, request, partial=True)
        return self._answer(services.product_update(product=product, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=s.ProductSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str | None = None) -> Response:
        product = self.get_object()
        return self._answer(services.product_deactivate(product=product, actor=request.user))


class PriceListViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """S1.2 and S1.3: every call 403 for those who may not see prices; a list the user may
    not see is 404."""

    serializer_class = s.PriceListSerializer
    queryset = PriceList.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        enforce(rules.can_see_prices(request.user))

    def get_queryset(self):
        lists = selectors.visible_price_lists(user=self.request.user)
        if self.action == "list":
            status = query_params(self.request).get("status")
            if status:
                lists = lists.filter(status=status)
        return lists.prefetch_related("lines__product").order_by("-effective", "-pk")

    def _answer(self, price_list: PriceList, code: int = 200) -> Response:
        fresh = selectors.price_list_detail(user=self.request.user, pk=price_list.pk)
        context = self.get_serializer_context()
        return Response(s.PriceListSerializer(fresh, context=context).data, status=code)

    @extend_schema(request=s.PriceListWriteSerializer, responses=s.PriceListSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.PriceListWriteSerializer, request)
        return self._answer(services.price_list_create(actor=request.user, data=data), 201)

    @extend_schema(request=s.PriceListWriteSerializer, responses=s.PriceListSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        price_list = self.get_object()
        data = valid_input(s.PriceListWriteSerializer, request, partial=True)
        return self._answer(
            services.price_list_update(price_list=price_list, actor=request.user, data=data)
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=s.PriceListSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        price_list = self.get_object()
        return self._answer(services.price_list_submit(price_list=price_list, actor=request.user))

    @extend_schema(request=s.PriceListCommentSerializer, responses=s.PriceListSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        price_list = self.get_object()
        return self._answer(
            services.price_list_decide(
                price_list=price_list,
                actor=request.user,
                action="approve",
                comment=_comment(request),
            )
        )

    @extend_schema(request=s.PriceListCommentSerializer, responses=s.PriceListSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        price_list = self.get_object()
        return self._answer(
            services.price_list_decide(
                price_list=price_list,
                actor=request.user,
                action="reject",
                comment=_comment(request),
            )
        )

    @extend_schema(request=None, responses=s.PriceListSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        price_list = self.get_object()
        return self._answer(services.price_list_cancel(price_list=price_list, actor=request.user))

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="默认今天")],
        responses=s.PriceListSerializer,
    )
    @action(detail=False, methods=["get"])
    def current(self, request: Request) -> Response:
        """The list in force on `?on=` (today by default); 404 when none is."""
        text = query_params(request).get("on") or ""
        if text:
            try:
                on = date.fromisoformat(text)
            except ValueError:
                raise serializers.ValidationError({"on": ["日期格式须为 YYYY-MM-DD"]}) from None
        else:
            on = timezone.localdate()
        in_force = selectors.price_list_in_force(on)
        if in_force is None:
            raise NotFound("该日期没有生效的价格表")
        return self._answer(in_force)

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str | None = None) -> HttpResponse:
        """S1.3: the list as .xlsx, marked with the viewer and the time; an audit row."""
        price_list = self.get_object()
        content = services.price_list_export(price_list=price_list, actor=request.user)
        return download(content, f"价格表-{price_list.number}.xlsx", XLSX)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="print")
    def print_pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """S1.3: the printed list (A4), marked on every page; an audit row."""
        price_list = self.get_object()
        content = services.price_list_print(price_list=price_list, actor=request.user)
        return pdf_response(content, f"价格表-{price_list.number}.pdf")

    @extend_schema(
        request={"multipart/form-data": s.PriceListImportSerializer},
        parameters=[OpenApiParameter("dry_run", bool, description="只预览，不保存")],
        responses={200: s.PriceListSerializer},
    )
    @action(detail=True, methods=["post"], url_path="import")
    def import_sheet(self, request: Request, pk: str | None = None) -> Response:
        """S1.2: replace a draft's prices from an .xlsx (产品编码, 市场报价, 最低出厂价,
        经销商最低价), all or nothing. `?dry_run=1` answers the row-by-row preview only."""
        price_list = self.get_object()
        upload = valid_input(s.PriceListImportSerializer, request)["file"]
        check_upload_size(upload.size)
        content = upload.read()
        dry_run = _flag(query_params(request).get("dry_run"), "dry_run")
        preview = services.price_list_import_preview(
            price_list=price_list, actor=request.user, content=content
        )
        body = preview_body(preview)
        if dry_run:
            return Response(body)
        if not preview.ok:
            return Response({"file": preview.messages()[:50], **body}, status=400)
        services.price_list_import(price_list=price_list, actor=request.user, content=content)
        return self._answer(price_list)


def preview_body(preview: Any) -> dict[str, Any]:
    """The import preview as the API shows it: each row's values and errors."""
    return {
        "ok": preview.ok,
        "errors": list(preview.file_errors),
        "rows": [
            {
                "row": row.number,
                "product_code": row.values.get("产品编码", ""),
                "market": row.values.get("市场报价", ""),
                "factory_min": row.values.get("最低出厂价", ""),
                "distributor_min": row.values.get("经销商最低价", ""),
                "errors": row.errors,
            }
            for row in preview.rows
        ],
    }
