"""The selling part's catalogue: products in the demo's categories (and a few more), priced on
the list in force today and on one approved list per earlier year of the span (a few percent
lower each year back), and lines priced on the list in force on a document's day."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max

from fieldsales.core.models import Approval
from fieldsales.demo.generate import YEARS, Context
from fieldsales.demo.generate.helpers import at, explicit_times, money
from fieldsales.demo.generate.selling.workflow import Numbers
from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)
from fieldsales.sales.catalogue.selectors import price_list_in_force
from fieldsales.sales.floor import Tiers, floor_for, line_amount

# A line's amount stays under this (the quantity halved until it does): 200 salespeople's
# 30,000 orders then sell a few billion yuan a year, within the targets' 12-digit totals.
LINE_CAP = Decimal(400_000)
EXTRA_CATEGORIES = ["储能电池", "汇流箱与配电", "监控系统", "安装辅材"]
# name, unit, market price range (yuan) per category
KINDS = {
    "光伏组件": (("单晶硅光伏组件", "块", 600, 1100), ("N型双面组件", "块", 800, 1200)),
    "逆变器": (("组串式逆变器", "台", 3000, 12000), ("储能逆变器", "台", 4000, 9000)),
    "支架": (("铝合金支架", "套", 350, 600), ("镀锌钢支架", "套", 400, 700)),
    "电缆": (("光伏专用电缆", "米", 4, 9), ("交流电缆", "米", 30, 90)),
    "储能电池": (("磷酸铁锂电池组", "组", 6000, 20000), ("储能柜", "台", 30000, 90000)),
    "汇流箱与配电": (("直流汇流箱", "台", 1500, 4000), ("并网配电柜", "台", 5000, 15000)),
    "监控系统": (("数据采集器", "台", 800, 2000), ("电站监控平台", "套", 5000, 20000)),
    "安装辅材": (("压块与螺栓", "套", 20, 60), ("接地扁钢", "米", 15, 40)),
}


@dataclass
class Lists:
    """The approved price lists by `effective`, with their tiers: which one prices a day."""

    days: list[date]
    lists: list[PriceList]
    tiers: dict[int, dict[int, Tiers]]  # list id -> product id -> tiers

    def on(self, day: date) -> PriceList:
        index = bisect.bisect_right(self.days, day) - 1
        return self.lists[max(index, 0)]


def make_catalogue(ctx: Context) -> tuple[Lists, list[int]]:
    """Products up to ctx.count("products"), priced on the list in force today and on one
    approved list per earlier year of the span."""
    rng = ctx.rng
    today = ctx.today
    gm, head = ctx.users["gm"], ctx.users["head"]
    position = ProductCategory.objects.aggregate(m=Max("position"))["m"] or 0
    existing = set(ProductCategory.objects.values_list("name", flat=True))
    ctx.bulk(
        ProductCategory,
        (
            ProductCategory(name=name, position=position + i + 1)
            for i, name in enumerate(n for n in EXTRA_CATEGORIES if n not in existing)
        ),
    )
    categories = {c.name: c for c in ProductCategory.objects.all()}
    have = Product.objects.count()
    wanted = max(0, ctx.count("products") - have)
    names = [n for n in KINDS if n in categories]
    made = []
    prices = []
    for i in range(wanted):
        category = names[i % len(names)]
        name, unit, low, high = KINDS[category][rng.randrange(2)]
        prices.append(money(rng.uniform(low, high)))
        made.append(
            Product(
                code=f"G{i + 1:04d}",
                name=name,
                model=f"G-{rng.randint(100, 999)}",
                unit=unit,
                category=categories[category],
            )
        )
    made = ctx.bulk(Product, made)
    market = {product.pk: price for product, price in zip(made, prices, strict=True)}

    current = price_list_in_force(today)
    numbers = Numbers("sales.price_list", PriceList.objects.aggregate(m=Max("seq"))["m"] or 0)
    start = today - timedelta(days=365 * YEARS)
    new_lists = []
    first_year = current.effective.year if current else today.year + 1
    for year in range(start.year, first_year):
        effective = date(year, 1, 1)
        made_at = at(effective - timedelta(days=20))
        new_lists.append(
            PriceList(
                status=PriceListStatus.APPROVED,
                seq=numbers.take(),
                name=f"{year}年产品价格表（生成）",
                effective=effective,
                note="价格含13%增值税；运费另计。",
                created_by=head,
                chain=[{"role": "gm", "user": None, "alternate": False}],
                round=1,
                submitted_at=made_at,
                approved_at=made_at + timedelta(days=3),
                created_at=made_at,
                updated_at=made_at + timedelta(days=3),
            )
        )
    if current is None:  # no list in force today: one for this year
        made_at = at(today - timedelta(days=1))
        new_lists.append(
            PriceList(
                status=PriceListStatus.APPROVED,
                seq=numbers.take(),
                name=f"{today.year}年产品价格表（生成）",
                effective=date(today.year, 1, 1),
                created_by=head,
                chain=[{"role": "gm", "user": None, "alternate": False}],
                round=1,
                submitted_at=made_at,
                approved_at=made_at,
                created_at=made_at,
                updated_at=made_at,
            )
        )
    with explicit_times(PriceList):
        new_lists = ctx.bulk(PriceList, new_lists)
    numbers.save()
    content_type = ContentType.objects.get_for_model(PriceList)
    with explicit_times(Approval):
        ctx.bulk(
            Approval,
            (
                Approval(
                    content_type=content_type,
                    object_id=p.pk,
                    round=1,
                    step=0,
                    role="gm",
                    user=gm,
                    decision="approve",
                    comment="同意执行",
                    at=p.approved_at,
                )
                for p in new_lists
            ),
        )
    # The current list's tiers, with the new products priced on it.
    tiers: dict[int, dict[int, Tiers]] = {}
    base: dict[int, Tiers] = {}
    if current is not None:
        for line in PriceListLine.objects.filter(price_list=current):
            base[line.product_id] = Tiers(line.market, line.factory_min, line.distributor_min)
    fresh = {}
    for pk, price in market.items():
        fresh[pk] = Tiers(price, money(price * Decimal("0.91")), money(price * Decimal("0.86")))
    base.update(fresh)
    rows = []
    if current is not None:
        tiers[current.pk] = dict(base)
        rows += [_line(current.pk, pk, t) for pk, t in fresh.items()]
    for p in new_lists:
        back = (current.effective.year if current else today.year) - p.effective.year
        factor = Decimal("0.97") ** max(back, 0)
        scaled = {
            pk: Tiers(
                money(t.market * factor),
                money(t.factory_min * factor),
                money(t.distributor_min * factor),
            )
            for pk, t in base.items()
        }
        tiers[p.pk] = scaled
        rows += [_line(p.pk, pk, t) for pk, t in scaled.items()]
    ctx.bulk(PriceListLine, rows)
    every = sorted(new_lists + ([current] if current else []), key=lambda p: p.effective)
    lists = Lists([p.effective for p in every], every, tiers)
    return lists, sorted(base)


def _line(list_id: int, product_id: int, tiers: Tiers) -> PriceListLine:
    return PriceListLine(
        price_list_id=list_id,
        product_id=product_id,
        market=tiers.market,
        factory_min=tiers.factory_min,
        distributor_min=tiers.distributor_min,
    )


def priced(
    ctx: Context, lists: Lists, products: list[int], kind: str, day: date, lines: int
) -> tuple[PriceList, list[dict[str, Any]]]:
    """Lines priced on the list in force on `day`: at market or a little below, never under
    the floor (S2.1)."""
    rng = ctx.rng
    price_list = lists.on(day)
    tiers = lists.tiers[price_list.pk]
    chosen = rng.sample(products, min(lines, len(products)))
    price_lines = []
    for position, product in enumerate(chosen, start=1):
        t = tiers[product]
        floor = floor_for(t, kind)
        price = (
            t.market
            if rng.random() < 0.5
            else money(t.market * Decimal(str(1 - rng.uniform(0, 0.08))))
        )
        price = max(price, floor)
        quantity = Decimal(rng.choice((5, 10, 20, 40, 50, 100, 200, 500)))
        while quantity > 1 and quantity * price > LINE_CAP:  # an SME's line, not 500 inverters
            quantity = (quantity / 2).to_integral_value(ROUND_DOWN)
        price_lines.append(
            {
                "position": position,
                "product_id": product,
                "quantity": quantity,
                "unit_price": price,
                "amount": line_amount(quantity, price),
                "market": t.market,
                "floor": floor,
            }
        )
    return price_list, price_lines
