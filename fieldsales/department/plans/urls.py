"""The plans pages under /department/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.plans import views

urlpatterns: list[URLPattern] = [
    path("department/plans/", views.plans_page, name="plans"),
    path("department/plans/new/", views.plan_new, name="plan_new"),
    path("department/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("department/plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("department/plans/<int:pk>/items/", views.item_add, name="plan_item_add"),
    path(
        "department/plans/<int:pk>/items/<int:item>/",
        views.item_update,
        name="plan_item_update",
    ),
    path(
        "department/plans/<int:pk>/items/<int:item>/delete/",
        views.item_delete,
        name="plan_item_delete",
    ),
    path("department/plans/<int:pk>/<str:action>/", views.plan_action, name="plan_action"),
]
