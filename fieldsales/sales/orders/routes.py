"""The orders REST routes (gathered by fieldsales.api_urls through fieldsales.sales.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path


def register(router: Any) -> None:
    """Register this subpackage's viewsets on the API router."""
    from fieldsales.sales.orders import api

    router.register("orders", api.OrderViewSet, basename="order")
    router.register("collections", api.CollectionViewSet, basename="collection")


def _extra() -> list[URLPattern]:
    from fieldsales.sales.orders import api

    return [
        path("receivables/", api.ReceivablesView.as_view(), name="receivables"),
        path("collection-rate/", api.CollectionRateView.as_view(), name="collection-rate"),
    ]


extra_urls: list[URLPattern] = _extra()  # plain API paths that are not viewsets
