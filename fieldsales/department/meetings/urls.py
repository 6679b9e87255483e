"""The meetings pages under /department/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.meetings import views

urlpatterns: list[URLPattern] = [
    path("department/meetings/", views.meetings_page, name="meetings"),
    path("department/meetings/new/", views.meeting_new, name="meeting_new"),
    path("department/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("department/meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("department/meetings/<int:pk>/minutes.pdf", views.meeting_pdf, name="meeting_pdf"),
    path(
        "department/meetings/<int:pk>/<str:action>/",
        views.meeting_action,
        name="meeting_action",
    ),
]
