"""The duty REST routes (gathered by fieldsales.api_urls through fieldsales.department.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern


def register(router: Any) -> None:
    from fieldsales.department.duty import api

    router.register("duty", api.DutyViewSet, basename="duty")


extra_urls: list[URLPattern] = []
