"""The dashboard pages (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.dashboard import views

urlpatterns: list[URLPattern] = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/export/", views.dashboard_export, name="dashboard_export"),
]
