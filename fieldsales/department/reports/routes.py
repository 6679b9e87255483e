"""The reports REST routes (gathered by fieldsales.api_urls through fieldsales.department.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern


def register(router: Any) -> None:
    """Register this subpackage's viewsets on the API router (the department's first: its
    prefix would otherwise read as a report id)."""
    from fieldsales.department.reports import api

    router.register("reports/department", api.DepartmentReportViewSet, basename="department-report")
    router.register("reports", api.ReportViewSet, basename="sales-report")


extra_urls: list[URLPattern] = []  # plain API paths that are not viewsets
