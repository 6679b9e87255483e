"""The duty pages under /department/duty/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.duty import views

urlpatterns: list[URLPattern] = [
    path("department/duty/", views.duty_page, name="duty"),
    path("department/duty/history/", views.duty_history, name="duty_history"),
    path("department/duty/generate/", views.duty_generate, name="duty_generate"),
    path("department/duty/<int:pk>/", views.duty_detail, name="duty_detail"),
    path("department/duty/<int:pk>/photo/", views.duty_photo, name="duty_photo"),
    path("department/duty/<int:pk>/edit/", views.duty_edit, name="duty_edit"),
    path("department/duty/<int:pk>/done/", views.duty_done, name="duty_done"),
]
