"""The trainings REST routes (gathered by fieldsales.api_urls through fieldsales.department.api)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern


def register(router: Any) -> None:
    from fieldsales.department.training import api

    router.register("trainings", api.TrainingViewSet, basename="training")


extra_urls: list[URLPattern] = []
