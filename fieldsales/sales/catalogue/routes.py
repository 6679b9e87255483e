"""The catalogue REST routes (gathered by fieldsales.api_urls through fieldsales.sales.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern


def register(router: Any) -> None:
    """Register this subpackage's viewsets on the API router."""
    from fieldsales.sales.catalogue import api

    router.register("products", api.ProductViewSet, basename="product")
    router.register("price-lists", api.PriceListViewSet, basename="price-list")


extra_urls: list[URLPattern] = []  # plain API paths that are not viewsets
