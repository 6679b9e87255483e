"""The price list in force on a day (S1.2) as orders read it: the approved list with the latest
`effective` on or before the day, and one product's tiers on it. (The catalogue's own selector
replaces this at merge.)"""

from __future__ import annotations

from datetime import date

from fieldsales.sales.catalogue.models import PriceList, PriceListLine, PriceListStatus
from fieldsales.sales.floor import Tiers


def price_list_on(day: date) -> PriceList | None:
    return (
        PriceList.objects.filter(status=PriceListStatus.APPROVED, effective__lte=day)
        .order_by("-effective", "-id")
        .first()
    )


def tiers_on(price_list: PriceList, product_id: int) -> Tiers | None:
    line = PriceListLine.objects.filter(price_list=price_list, product_id=product_id).first()
    if line is None:
        return None
    return Tiers(
        market=line.market, factory_min=line.factory_min, distributor_min=line.distributor_min
    )
