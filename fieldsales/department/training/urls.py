"""The training pages under /department/trainings/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.training import views

urlpatterns: list[URLPattern] = [
    path("department/trainings/", views.trainings_page, name="trainings"),
    path("department/trainings/new/", views.training_new, name="training_new"),
    path(
        "department/trainings/people/<int:user_id>/",
        views.training_record,
        name="training_record",
    ),
    path("department/trainings/<int:pk>/", views.training_detail, name="training_detail"),
    path(
        "department/trainings/<int:pk>/materials/<int:material>/",
        views.training_material,
        name="training_material",
    ),
    path(
        "department/trainings/<int:pk>/<str:action>/",
        views.training_action,
        name="training_action",
    ),
]
