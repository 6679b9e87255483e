"""The sales pages: /sales/... for every subpackage."""

from django.urls import path

from fieldsales.sales.catalogue.urls import urlpatterns as catalogue_urls
from fieldsales.sales.inquiries.urls import urlpatterns as inquiries_urls
from fieldsales.sales.orders.urls import urlpatterns as orders_urls
from fieldsales.sales.quotes.urls import urlpatterns as quotes_urls
from fieldsales.sales.sections import sales_home

app_name = "sales"
urlpatterns = [
    path("sales/", sales_home, name="home"),
    *catalogue_urls,
    *inquiries_urls,
    *quotes_urls,
    *orders_urls,
]
