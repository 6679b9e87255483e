"""The quotes pages under /sales/ (gathered by fieldsales.sales.urls)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
