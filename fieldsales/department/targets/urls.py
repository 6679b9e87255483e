"""The targets pages under /department/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.targets import views

urlpatterns: list[URLPattern] = [
    path("department/targets/", views.targets_page, name="targets"),
    path("department/targets/new/", views.target_new, name="target_new"),
    path("department/targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("department/targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path(
        "department/targets/<int:pk>/<str:action>/",
        views.target_action,
        name="target_action",
    ),
]
