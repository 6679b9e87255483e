"""The dashboard's REST route (gathered by fieldsales.api_urls through fieldsales.department.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path


def register(router: Any) -> None:
    """No viewset: /api/dashboard/ is a plain path."""


def _extra() -> list[URLPattern]:
    from fieldsales.department.dashboard import api

    return [path("dashboard/", api.DashboardView.as_view(), name="api-dashboard")]


extra_urls: list[URLPattern] = _extra()
