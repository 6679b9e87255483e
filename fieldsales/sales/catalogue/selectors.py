"""Reads of the catalogue: products, price lists as each user may see them, the list in force.

`price_list_in_force(on)` and `tiers_for(price_list, product_ids)` are what quotes and orders
import (S1.2: the list in force on a quote's date prices it; S2 checks against its tiers).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from fieldsales.core.workflow import prefetch_approvals, waiting_for
from fieldsales.sales import floor
from fieldsales.sales.catalogue import rules
from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)


def visible_products(
    *,
    user: Any,
    category: int | None = None,
    active: bool | None = None,
    q: str = "",
) -> QuerySet[Product]:
    """S1.1: every signed-in member of staff reads the product list (no prices here)."""
    products = Product.objects.select_related("category")
    if category is not None:
        products = products.filter(category_id=category)
    if active is not None:
        products = products.filter(active=active)
    q = (q or "").strip()
    if q:
        products = products.filter(
            Q(code__icontains=q) | Q(name__icontains=q) | Q(model__icontains=q)
        )
    return products


def categories() -> QuerySet[ProductCategory]:
    return ProductCategory.objects.all()


def visible_price_lists(*, user: Any) -> QuerySet[PriceList]:
    """S1.3: nothing for those who may not see prices; approved lists for the price roles;
    drafts and lists under review only for their author, heads/managers and the GM."""
    lists = PriceList.objects.select_related("created_by")
    if not rules.sees_prices(user):
        return lists.none()
    if rules.sees_every_list(user):
        return lists
    return lists.filter(Q(status=PriceListStatus.APPROVED) | Q(created_by=user))


def price_list_detail(*, user: Any, pk: int) -> PriceList | None:
    """One list the user may see, with its lines and decisions, or None."""
    lists = prefetch_approvals(visible_price_lists(user=user)).prefetch_related(
        "lines__product__category"
    )
    return lists.filter(pk=pk).first()


def price_list_in_force(on: date) -> PriceList | None:
    """S1.2: the approved list with the latest `effective` on or before `on` (the later
    approval wins a tie). No visibility here: callers check S1.3 themselves."""
    return (
        PriceList.objects.filter(status=PriceListStatus.APPROVED, effective__lte=on)
        .order_by("-effective", "-approved_at", "-pk")
        .first()
    )


def tiers_for(price_list: PriceList | None, product_ids: Iterable[int]) -> dict[int, floor.Tiers]:
    """{product id: its three tiers} on the list; a product the list does not price is absent."""
    if price_list is None:
        return {}
    lines = PriceListLine.objects.filter(price_list=price_list, product_id__in=list(product_ids))
    return {
        line.product_id: floor.Tiers(line.market, line.factory_min, line.distributor_min)
        for line in lines
    }


def price_lines(
    *, price_list: PriceList | None, category: int | None = None, q: str = ""
) -> QuerySet[PriceListLine]:
    """The lines of a list (the price finder): by category and a search on code, name, model."""
    if price_list is None:
        return PriceListLine.objects.none()
    lines = PriceListLine.objects.filter(price_list=price_list).select_related("product__category")
    if category is not None:
        lines = lines.filter(product__category_id=category)
    q = (q or "").strip()
    if q:
        lines = lines.filter(
            Q(product__code__icontains=q)
            | Q(product__name__icontains=q)
            | Q(product__model__icontains=q)
        )
    return lines


def price_history(*, product: Product) -> QuerySet[PriceListLine]:
    """A product's prices on every approved list, the latest first (the product page)."""
    return (
        PriceListLine.objects.filter(product=product, price_list__status=PriceListStatus.APPROVED)
        .select_related("price_list")
        .order_by("-price_list__effective", "-price_list__approved_at")
    )


def price_lists_waiting(user: Any) -> QuerySet[PriceList]:
    """What waits for this user's decision (the GM's inbox)."""
    return waiting_for(PriceList, user)
