"""The orders pages under /sales/ (gathered by fieldsales.sales.urls)."""

from django.urls import URLPattern, path

from fieldsales.sales.orders import entry_views, new_views, rate_views, receivables, views

urlpatterns: list[URLPattern] = [
    path("sales/orders/", views.order_list, name="order_list"),
    path("sales/receivables/", receivables.receivables_page, name="receivables"),
    path(
        "sales/receivables/export/",
        receivables.receivables_export,
        name="receivables_export",
    ),
    path("sales/collections/new/", entry_views.collection_entry, name="collection_entry"),
    path(
        "sales/collections/new/orders/",
        entry_views.collection_entry_orders,
        name="collection_entry_orders",
    ),
    path(
        "sales/collections/<int:pk>/void/",
        entry_views.collection_void_page,
        name="collection_void",
    ),
    path("sales/collection-rate/", rate_views.collection_rate_page, name="collection_rate"),
    path(
        "sales/collection-rate/export/",
        rate_views.collection_rate_export,
        name="collection_rate_export",
    ),
    path("sales/orders/new/", new_views.order_new, name="order_new"),
    path("sales/orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("sales/orders/<int:pk>/sign/", views.order_sign_page, name="order_sign"),
    path("sales/orders/<int:pk>/print/", views.order_print, name="order_print"),
    path("sales/orders/<int:pk>/collect/", views.order_collect_page, name="order_collect"),
    path("sales/orders/<int:pk>/deliver/", views.order_deliver_page, name="order_deliver"),
    path(
        "sales/orders/<int:pk>/<str:action>/",
        views.order_act,
        name="order_act",
    ),
]
