"""The quotes pages under /sales/ (gathered by fieldsales.sales.urls)."""

from django.urls import path

from fieldsales.sales.quotes import views

urlpatterns = [
    path("sales/quotes/", views.quote_list, name="quote_list"),
    path("sales/quotes/new/", views.quote_new, name="quote_new"),
    path("sales/quotes/<int:pk>/", views.quote_detail, name="quote_detail"),
    path("sales/quotes/<int:pk>/edit/", views.quote_edit, name="quote_edit"),
    path("sales/quotes/<int:pk>/print/", views.quote_print, name="quote_print"),
    path("sales/quotes/<int:pk>/<slug:name>/", views.quote_action, name="quote_action"),
]
