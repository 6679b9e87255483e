"""The quotes REST routes (gathered by fieldsales.api_urls through fieldsales.sales.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern


def register(router: Any) -> None:
    """Register this subpackage's viewsets on the API router."""
    from fieldsales.sales.quotes.api import QuoteViewSet

    router.register("quotes", QuoteViewSet, basename="quote")


extra_urls: list[URLPattern] = []  # plain API paths that are not viewsets
