"""The orders pages under /sales/ (gathered by fieldsales.sales.urls)."""

from django.urls import URLPattern, path

from fieldsales.sales.orders import views

urlpatterns: list[URLPattern] = [
    path("orders/", views.order_list, name="order_list"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/sign/", views.order_sign_page, name="order_sign"),
    path("orders/<int:pk>/collect/", views.order_collect_page, name="order_collect"),
    path(
        "orders/<int:pk>/<str:action>/",
        views.order_act,
        name="order_act",
    ),
]
