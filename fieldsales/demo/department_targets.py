"""The demo's targets (D1): this year's company target published by the GM, split by the head
over sales1 and sales2 by month with a seasonal curve (and by product category for sales1),
approved by the GM; then an adjustment of sales2's split left as a draft with its reason."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils import timezone

from fieldsales.department.targets import services
from fieldsales.department.targets.models import Target
from fieldsales.sales.catalogue.models import ProductCategory

# A solar business: slow after the Spring Festival, busy before the summer and the year's end.
SEASON = (5, 5, 8, 8, 9, 10, 9, 8, 8, 9, 10, 11)
PEOPLE = {  # sales, collections for the year
    "sales1": (Decimal("3600000.00"), Decimal("2880000.00")),
    "sales2": (Decimal("2400000.00"), Decimal("1920000.00")),
}


def _months(amount: Decimal) -> list[str]:
    """`amount` spread over the months by SEASON; the rounding rest falls in December."""
    weight = sum(SEASON)
    months = [(amount * w / weight).quantize(Decimal("0.01"), ROUND_DOWN) for w in SEASON]
    months[-1] += amount - sum(months)
    return [f"{m:.2f}" for m in months]


def load(users: dict[str, Any]) -> None:
    year = timezone.localdate().year
    if Target.objects.filter(year=year).exists():
        return
    department = users["head"].employee.department
    sales = sum(p[0] for p in PEOPLE.values())
    collections = sum(p[1] for p in PEOPLE.values())
    company = services.target_create(
        actor=users["gm"],
        data={
            "year": year,
            "level": "company",
            "sales_total": f"{sales:.2f}",
            "collections_total": f"{collections:.2f}",
            "departments": [
                {
                    "department": department.pk,
                    "sales": f"{sales:.2f}",
                    "collections": f"{collections:.2f}",
                }
            ],
        },
    )
    services.target_publish(target=company, actor=users["gm"])
    categories = list(ProductCategory.objects.order_by("pk")[:2])
    rows = []
    for name, amounts in PEOPLE.items():
        for measure, amount in zip(("sales", "collections"), amounts, strict=True):
            row: dict[str, Any] = {
                "salesperson": users[name].pk,
                "measure": measure,
                "year": f"{amount:.2f}",
                "months": _months(amount),
            }
            if name == "sales1" and measure == "sales" and len(categories) == 2:
                first = (amount * 2 / 3).quantize(Decimal("0.01"))
                row["categories"] = [
                    {"category": categories[0].pk, "amount": f"{first:.2f}"},
                    {"category": categories[1].pk, "amount": f"{amount - first:.2f}"},
                ]
            rows.append(row)
    split = services.target_create(
        actor=users["head"],
        data={"year": year, "level": "department", "department": department.pk, "people": rows},
    )
    services.target_submit(target=split, actor=users["head"])
    services.target_decide(target=split, actor=users["gm"], action="approve", comment="同意")
