"""The attendance pages under /department/attendance/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.attendance import views

urlpatterns: list[URLPattern] = [
    path("department/attendance/", views.attendance_page, name="attendance"),
    path("department/attendance/notice/", views.attendance_notice, name="attendance_notice"),
    path("department/attendance/grid/", views.attendance_grid, name="attendance_grid"),
    path("department/attendance/sheet/", views.attendance_sheet, name="attendance_sheet"),
    path("department/attendance/day/", views.attendance_day, name="attendance_day"),
    path("department/attendance/correct/", views.attendance_correct, name="attendance_correct"),
    path("department/attendance/import/", views.attendance_import, name="attendance_import"),
    path(
        "department/attendance/import/sample.csv",
        views.attendance_template,
        name="attendance_template",
    ),
]
