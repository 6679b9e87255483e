"""The reports pages under /department/reports/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.reports import views

urlpatterns: list[URLPattern] = [
    path("department/reports/", views.reports_page, name="reports"),
    path("department/reports/new/", views.report_new, name="report_new"),
    path("department/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("department/reports/<int:pk>/<str:action>/", views.report_action, name="report_action"),
    path(
        "department/reports/department/new/",
        views.department_report_new,
        name="report_department_new",
    ),
    path(
        "department/reports/department/<int:pk>/",
        views.department_report_detail,
        name="report_department_detail",
    ),
    path(
        "department/reports/department/<int:pk>/xlsx/",
        views.department_report_xlsx,
        name="report_department_xlsx",
    ),
    path(
        "department/reports/department/<int:pk>/pdf/",
        views.department_report_pdf,
        name="report_department_pdf",
    ),
    path(
        "department/reports/department/<int:pk>/<str:action>/",
        views.department_report_action,
        name="report_department_action",
    ),
]
