"""The scorecards REST routes (gathered by fieldsales.api_urls through fieldsales.department.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern


def register(router: Any) -> None:
    """Register this subpackage's viewsets on the API router."""
    from fieldsales.department.scorecards import api

    router.register("scorecards", api.ScorecardViewSet, basename="scorecard")


extra_urls: list[URLPattern] = []  # plain API paths that are not viewsets
