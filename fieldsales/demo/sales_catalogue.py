"""The demo company's catalogue (selling.md), loaded idempotently by `fieldsales demo`:
four categories, a dozen photovoltaic products and PL-2026-001, drafted by head and approved
by gm through the services, in force from 2026-01-01."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fieldsales.sales.catalogue import services
from fieldsales.sales.models import PriceList, Product, ProductCategory

CATEGORIES = ["光伏组件", "逆变器", "支架", "电缆"]
# code, name, model, unit, category, market, factory_min, distributor_min (yuan incl. VAT)
PRODUCTS = [
    ("PV-M550", "单晶硅光伏组件", "550W 144片半片", "块", "光伏组件", "880.00", "800.00", "700.00"),
    ("PV-B580", "双面双玻组件", "580W N型", "块", "光伏组件", "986.00", "905.00", "860.00"),
    ("PV-M450", "单晶硅光伏组件", "450W 120片半片", "块", "光伏组件", "720.00", "655.00", "620.00"),
    ("INV-S50K", "组串式逆变器", "50kW 三相", "台", "逆变器", "9800.00", "8900.00", "8500.00"),
    ("INV-S10K", "组串式逆变器", "10kW 三相", "台", "逆变器", "3600.00", "3250.00", "3100.00"),
    ("INV-H5K", "储能逆变器", "5kW 单相混合", "台", "逆变器", "5200.00", "4700.00", "4480.00"),
    ("BR-AL01", "铝合金支架", "彩钢瓦屋面 4块组件", "套", "支架", "460.00", "415.00", "395.00"),
    ("BR-ST01", "镀锌钢支架", "地面 热镀锌 4块组件", "套", "支架", "520.00", "470.00", "448.00"),
    ("CB-PV4", "光伏专用电缆", "PV1-F 1×4mm²", "米", "电缆", "4.80", "4.30", "4.05"),
    ("CB-PV6", "光伏专用电缆", "PV1-F 1×6mm²", "米", "电缆", "6.90", "6.20", "5.85"),
    ("CB-MC4", "MC4 连接器", "1500V 公母对", "对", "电缆", "12.00", "10.50", "9.80"),
    ("CB-AC16", "交流电缆", "YJV 3×16mm²", "米", "电缆", "58.00", "52.00", "49.50"),
]
EFFECTIVE = date(2026, 1, 1)
LIST_NAME = "2026年产品价格表"


def load(users: dict[str, Any]) -> None:
    """Categories and products by code, the price list once (by its name)."""
    categories = {
        name: ProductCategory.objects.get_or_create(name=name, defaults={"position": index})[0]
        for index, name in enumerate(CATEGORIES, start=1)
    }
    products = {}
    for code, name, model, unit, category, *_prices in PRODUCTS:
        products[code] = Product.objects.get_or_create(
            code=code,
            defaults={"name": name, "model": model, "unit": unit, "category": categories[category]},
        )[0]
    if PriceList.objects.filter(name=LIST_NAME).exists():
        return
    prices = [
        {
            "product": products[code].pk,
            "market": Decimal(market),
            "factory_min": Decimal(factory_min),
            "distributor_min": Decimal(distributor_min),
        }
        for code, _n, _m, _u, _c, market, factory_min, distributor_min in PRODUCTS
    ]
    price_list = services.price_list_create(
        actor=users["head"],
        data={
            "name": LIST_NAME,
            "effective": EFFECTIVE,
            "note": "价格含13%增值税；运费另计。",
            "prices": prices,
        },
    )
    services.price_list_submit(price_list=price_list, actor=users["head"])
    services.price_list_decide(
        price_list=price_list, actor=users["gm"], action="approve", comment="同意执行"
    )
