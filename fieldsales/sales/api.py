"""The sales REST endpoints (selling.md's API table) as fieldsales.api_urls registers them."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern

from fieldsales.sales.catalogue import routes as catalogue
from fieldsales.sales.inquiries import routes as inquiries
from fieldsales.sales.orders import routes as orders
from fieldsales.sales.quotes import routes as quotes

SUBPACKAGES = (catalogue, inquiries, quotes, orders)


def register(router: Any) -> None:
    for subpackage in SUBPACKAGES:
        subpackage.register(router)


def extra_urls() -> list[URLPattern]:
    return [url for subpackage in SUBPACKAGES for url in subpackage.extra_urls]
