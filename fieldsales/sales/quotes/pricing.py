"""The price list a quote is priced by (S1.2) and its products' tiers (S2).

A stand-in for the catalogue's selectors (`price_list_in_force`, `tiers_for`) until they are
merged: the same questions, read straight from the models.
"""

from __future__ import annotations

from datetime import date

from fieldsales.sales import floor
from fieldsales.sales.catalogue.models import PriceList, PriceListLine, PriceListStatus, Product


def price_list_in_force(on: date) -> PriceList | None:
    """S1.2: the approved list with the latest `effective` on or before `on`."""
    return (
        PriceList.objects.filter(status=PriceListStatus.APPROVED, effective__lte=on)
        .order_by("-effective", "-id")
        .first()
    )


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
