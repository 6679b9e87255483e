"""The sales pages: /sales/... for every subpackage."""

from fieldsales.sales.catalogue.urls import urlpatterns as catalogue_urls
from fieldsales.sales.inquiries.urls import urlpatterns as inquiries_urls
from fieldsales.sales.orders.urls import urlpatterns as orders_urls
from fieldsales.sales.quotes.urls import urlpatterns as quotes_urls

app_name = "sales"
urlpatterns = [*catalogue_urls, *inquiries_urls, *quotes_urls, *orders_urls]
