"""The vehicles REST routes (gathered by fieldsales.api_urls through fieldsales.department.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern


def register(router: Any) -> None:
    """Register this subpackage's viewsets on the API router."""
    from fieldsales.department.vehicles import api

    router.register("vehicles", api.VehicleViewSet, basename="vehicle")
    router.register("vehicle-bookings", api.VehicleBookingViewSet, basename="vehicle-booking")


extra_urls: list[URLPattern] = []  # plain API paths that are not viewsets
