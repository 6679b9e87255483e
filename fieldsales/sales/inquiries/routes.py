"""The inquiries REST routes (gathered by fieldsales.api_urls through fieldsales.sales.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern

from fieldsales.sales.inquiries.api import InquiryViewSet


def register(router: Any) -> None:
    """Register this subpackage's viewsets on the API router."""
    router.register("inquiries", InquiryViewSet, basename="inquiry")


extra_urls: list[URLPattern] = []  # plain API paths that are not viewsets
