"""The price list a quote is priced by (S1.2) and its products' tiers (S2).

The list in force is the catalogue's (`price_list_in_force`); a quote prices only the listed
products that are still on sale.
"""

from __future__ import annotations

from fieldsales.sales import floor
from fieldsales.sales.catalogue.models import PriceList, PriceListLine, Product
from fieldsales.sales.catalogue.selectors import price_list_in_force

__all__ = ["price_list_in_force", "priced_products", "products_named", "tiers_for"]


def tiers_for(price_list: PriceList, product_ids: list[int]) -> dict[int, floor.Tiers]:
    """The three tiers of each listed product that is on `price_list` and active."""
    lines = PriceListLine.objects.filter(
        price_list=price_list, product_id__in=product_ids, product__active=True
    )
    return {
        line.product_id: floor.Tiers(
            market=line.market, factory_min=line.factory_min, distributor_min=line.distributor_min
        )
        for line in lines
    }


def priced_products(price_list: PriceList | None, q: str = "") -> list[dict[str, object]]:
    """The active products of the list with their tiers, for the quote form's picker."""
    if price_list is None:
        return []
    lines = (
        PriceListLine.objects.filter(price_list=price_list, product__active=True)
        .select_related("product")
        .order_by("product__category__position", "product__code")
    )
    if q:
        lines = lines.filter(product__name__icontains=q) | lines.filter(product__code__icontains=q)
    return [
        {
            "product": line.product,
            "market": line.market,
            "factory_min": line.factory_min,
            "distributor_min": line.distributor_min,
        }
        for line in lines
    ]


def products_named(ids: list[int]) -> dict[int, Product]:
    return {p.pk: p for p in Product.objects.filter(pk__in=ids)}
