"""The work-log pages under /department/logs/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.worklogs import views

urlpatterns: list[URLPattern] = [
    path("department/logs/", views.worklogs_page, name="worklogs"),
    path("department/logs/write/", views.worklog_write, name="worklog_write"),
    path("department/logs/board/", views.worklog_board, name="worklog_board"),
    path("department/logs/<int:pk>/", views.worklog_detail, name="worklog_detail"),
    path("department/logs/<int:pk>/comment/", views.worklog_comment, name="worklog_comment"),
]
