"""/api/reports/ (D4): a salesperson's weekly and monthly reports (list by kind/person/period,
detail, a prefilled draft, PATCH while a draft, submit, comment) and
/api/reports/department/: the department's monthly report for the GM (+ .xlsx and PDF)."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.lists import xlsx_response
from fieldsales.core.printing import pdf_response
from fieldsales.department.reports import exports, selectors, services
from fieldsales.department.reports import serializers as s
from fieldsales.department.reports.models import (
    DepartmentMonthlyReport,
    ReportKind,
    ReportStatus,
    SalesReport,
)


def _date_param(params: Any, name: str) -> date | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise serializers.ValidationError({name: ["须为日期，如 2027-01-04"]}) from None


def _id_param(params: Any, name: str) -> int | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    value = id_param(text)
    if value is None:
        raise serializers.ValidationError({name: ["须为编号"]})
    return value


def _choice(params: Any, name: str, choices: list[str]) -> str | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    if text not in choices:
        raise serializers.ValidationError({name: [f"须为 {' / '.join(choices)} 之一"]})
    return text


@extend_schema(
    parameters=[
        OpenApiParameter("kind", str, description="weekly 或 monthly"),
        OpenApiParameter("person", int, description="业务员编号"),
        OpenApiParameter("period", str, description="期间内的任一日期"),
        OpenApiParameter("status", str, description="状态"),
    ]
)
class ReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """D4 weekly and monthly sales reports."""

    serializer_class = s.ReportCreateSerializer
    queryset = SalesReport.objects.none()
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        reports = selectors.visible_reports(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            kind = _choice(params, "kind", ReportKind.values)
            if kind:
                reports = reports.filter(kind=kind)
            person = _id_param(params, "person")
            if person is not None:
                reports = reports.filter(salesperson_id=person)
            day = _date_param(params, "period")
            if day is not None:
                reports = reports.filter(period_start__lte=day, period_end__gte=day)
            status = _choice(params, "status", ReportStatus.values)
            if status:
                reports = reports.filter(status=status)
        return reports.order_by("-period_start", "kind", "salesperson_id", "pk")

    def get_object(self):
        pk = id_param(self.kwargs.get("pk"))
        found = selectors.report_detail(user=self.request.user, pk=pk) if pk else None
        if found is None:
            from django.http import Http404

            raise Http404
        return found

    def _answer(self, report: SalesReport, code: int = 200) -> Response:
        fresh = selectors.visible_reports(user=self.request.user).get(pk=report.pk)
        live = services.live_figures(fresh) if fresh.status == ReportStatus.DRAFT else None
        return Response(s.report_body(fresh, user=self.request.user, figures=live), status=code)

    @extend_schema(operation_id="reports_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            [s.report_body(r, user=request.user) for r in page or []]
        )

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    @extend_schema(request=s.ReportCreateSerializer, responses={201: dict})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.ReportCreateSerializer, request)
        report = services.report_create(
            actor=request.user, kind=data["kind"], period_start=data.get("period_start")
        )
        return self._answer(report, 201)

    @extend_schema(request=s.ReportUpdateSerializer, responses={200: dict})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        data = valid_input(s.ReportUpdateSerializer, request)
        return self._answer(services.report_update(report=report, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.report_submit(report=self.get_object(), actor=request.user))

    @extend_schema(request=s.ReportCommentSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        text = valid_input(s.ReportCommentSerializer, request)["comment"]
        return self._answer(
            services.report_comment(report=report, actor=request.user, comment=text)
        )


@extend_schema(
    parameters=[
        OpenApiParameter("department", int, description="部门编号"),
        OpenApiParameter("period", str, description="月份内的任一日期"),
    ]
)
class DepartmentReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """D4 部门月报: written by the department's head or manager, read and commented by the GM."""

    serializer_class = s.DepartmentCreateSerializer
    queryset = DepartmentMonthlyReport.objects.none()
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        reports = selectors.visible_department_reports(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            department = _id_param(params, "department")
            if department is not None:
                reports = reports.filter(department_id=department)
            day = _date_param(params, "period")
            if day is not None:
                reports = reports.filter(period_start__lte=day, period_end__gte=day)
        return reports.order_by("-period_start", "department_id", "pk")

    def get_object(self):
        pk = id_param(self.kwargs.get("pk"))
        found = selectors.department_report_detail(user=self.request.user, pk=pk) if pk else None
        if found is None:
            from django.http import Http404

            raise Http404
        return found

    def _answer(self, report: DepartmentMonthlyReport, code: int = 200) -> Response:
        fresh = selectors.visible_department_reports(user=self.request.user).get(pk=report.pk)
        return Response(s.department_body(fresh, user=self.request.user), status=code)

    @extend_schema(operation_id="department_reports_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            [s.department_body(r, user=request.user) for r in page or []]
        )

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    @extend_schema(request=s.DepartmentCreateSerializer, responses={201: dict})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.DepartmentCreateSerializer, request)
        report = services.department_report_create(
            actor=request.user,
            department_id=data.get("department"),
            period_start=data.get("period_start"),
        )
        return self._answer(report, 201)

    @extend_schema(request=s.DepartmentUpdateSerializer, responses={200: dict})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        data = valid_input(s.DepartmentUpdateSerializer, request)
        return self._answer(
            services.department_report_update(report=report, actor=request.user, data=data)
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        report = services.department_report_submit(report=self.get_object(), actor=request.user)
        return self._answer(report)

    @extend_schema(request=s.ReportCommentSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        text = valid_input(s.ReportCommentSerializer, request)["comment"]
        return self._answer(
            services.department_report_comment(report=report, actor=request.user, comment=text)
        )

    @extend_schema(
        request=None,
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes
        },
    )
    @action(detail=True, methods=["get"])
    def xlsx(self, request: Request, pk: str | None = None) -> Any:
        report = self.get_object()
        return xlsx_response(exports.department_xlsx(report), f"{exports.title_of(report)}.xlsx")

    @extend_schema(request=None, responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> Any:
        report = self.get_object()
        return pdf_response(exports.department_pdf(report), f"{exports.title_of(report)}.pdf")
