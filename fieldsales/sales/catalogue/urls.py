"""The catalogue pages under /sales/ (gathered by fieldsales.sales.urls)."""

from django.urls import URLPattern, path

from fieldsales.sales.catalogue import views

urlpatterns: list[URLPattern] = [
    path("sales/prices/", views.prices, name="prices"),
    path("sales/products/<int:pk>/", views.product_detail, name="product_detail"),
    path("sales/price-lists/", views.price_lists, name="price_lists"),
    path("sales/price-lists/new/", views.price_list_new, name="price_list_new"),
    path("sales/price-lists/<int:pk>/", views.price_list_detail, name="price_list_detail"),
    path("sales/price-lists/<int:pk>/edit/", views.price_list_edit, name="price_list_edit"),
    path("sales/price-lists/<int:pk>/import/", views.price_list_import, name="price_list_import"),
    path("sales/price-lists/<int:pk>/export/", views.price_list_export, name="price_list_export"),
    path("sales/price-lists/<int:pk>/print/", views.price_list_print, name="price_list_print"),
    path(
        "sales/price-lists/<int:pk>/<str:action>/",
        views.price_list_action,
        name="price_list_action",
    ),
]
