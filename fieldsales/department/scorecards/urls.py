"""The scorecard pages under /department/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.scorecards import views

urlpatterns: list[URLPattern] = [
    path("department/scorecards/", views.scorecards_page, name="scorecards"),
    path("department/scorecards/gather/", views.scorecard_gather, name="scorecard_gather"),
    path("department/scorecards/<int:pk>/", views.scorecard_detail, name="scorecard_detail"),
    path("department/scorecards/<int:pk>/print.pdf", views.scorecard_pdf, name="scorecard_pdf"),
    path(
        "department/scorecards/<int:pk>/<str:action>/",
        views.scorecard_action,
        name="scorecard_action",
    ),
]
