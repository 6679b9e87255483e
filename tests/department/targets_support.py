"""Payloads and steps shared by the targets tests (D1): the demo company's 销售部, a company
target published by the GM, a head's split by person and month."""

from __future__ import annotations

from decimal import Decimal

YEAR = 2027


def months_of(amount: str, short: str = "0.00") -> list[str]:
    """Twelve monthly amounts adding up to `amount` (less `short` taken from December)."""
    total = Decimal(amount)
    each = (total / 12).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    months = [each] * 11 + [total - each * 11 - Decimal(short)]
    return [f"{m:.2f}" for m in months]


def company_payload(department_id: int, sales: str, collections: str, **extra) -> dict:
    return {
        "year": YEAR,
        "level": "company",
        "sales_total": sales,
        "collections_total": collections,
        "departments": [{"department": department_id, "sales": sales, "collections": collections}],
        **extra,
    }


def split_payload(department_id: int, people: dict[int, tuple[str, str]]) -> dict:
    """people: {user id: (sales year, collections year)}, months spread evenly."""
    rows = []
    for pk, (sales, collections) in people.items():
        rows.append(
            {"salesperson": pk, "measure": "sales", "year": sales, "months": months_of(sales)}
        )
        rows.append(
            {
                "salesperson": pk,
                "measure": "collections",
                "year": collections,
                "months": months_of(collections),
            }
        )
    return {"year": YEAR, "level": "department", "department": department_id, "people": rows}


def publish_company(api, department_id: int, sales="1000000.00", collections="800000.00") -> dict:
    gm = api("gm")
    created = gm.post(
        "/api/targets/", company_payload(department_id, sales, collections), format="json"
    )
    assert created.status_code == 201, created.json()
    published = gm.post(f"/api/targets/{created.json()['id']}/publish/")
    assert published.status_code == 200, published.json()
    return published.json()


def approved_split(api, cast, department_id: int) -> dict:
    """sales1 600,000/500,000 and sales2 400,000/300,000, submitted by head, approved by gm."""
    people = {
        cast["sales1"].pk: ("600000.00", "500000.00"),
        cast["sales2"].pk: ("400000.00", "300000.00"),
    }
    head = api("head")
    created = head.post("/api/targets/", split_payload(department_id, people), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert head.post(f"/api/targets/{pk}/submit/").status_code == 200
    approved = api("gm").post(f"/api/targets/{pk}/approve/", {"comment": "同意"}, format="json")
    assert approved.status_code == 200, approved.json()
    return approved.json()
