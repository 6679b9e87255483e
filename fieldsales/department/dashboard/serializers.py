"""The dashboard as JSON (/api/dashboard/ and the page's chart data): money as strings to
the fen, rates as strings to one decimal (null: "—"), the per-person rows of a department."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fieldsales.department.dashboard.charts import BUCKETS
from fieldsales.department.dashboard.periods import Period
from fieldsales.department.dashboard.scope import Scope
from fieldsales.sales.orders.receivables import BUCKET_LABELS


def amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def rate(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.1f}"


def _measure(m: dict[str, Any]) -> dict[str, Any]:
    return {
        "target": amount(m["target"]),
        "actual": amount(m["actual"]),
        "percent": rate(m["percent"]),
    }


def _people(data: dict[str, Any], people: dict[int, Any], shape: Any) -> list[dict[str, Any]]:
    names = data["names"]
    ordered = sorted((pk for pk in people if pk in names), key=lambda pk: (names[pk], pk))
    return [{"id": pk, "name": names[pk], **shape(people[pk])} for pk in ordered]


def payload(scope: Scope, period: Period, data: dict[str, Any]) -> dict[str, Any]:
    aging_total = sum(data["aging"]["buckets"].values(), Decimal("0.00"))
    return {
        "period": {
            "code": period.code,
            "kind": period.kind,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "scope": scope.kind,
        "targets": [
            {
                "kind": r["kind"],
                "id": r["id"],
                "name": r["name"],
                "sales": _measure(r["sales"]),
                "collections": _measure(r["collections"]),
            }
            for r in data["targets"]
        ],
        "funnel": {
            "stages": [s | {"rate": rate(s["rate"])} for s in data["funnel"]["stages"]],
            "people": _people(data, data["funnel"]["people"], lambda c: {"counts": c}),
        },
        "collection_rate": [
            {
                "month": r["month"],
                "due": amount(r["due"]),
                "collected": amount(r["collected"]),
                "rate": rate(r["rate"]),
            }
            for r in data["collection_rate"]
        ],
        "aging": {
            "buckets": [
                {
                    "code": code,
                    "label": str(BUCKET_LABELS[code]),
                    "amount": amount(data["aging"]["buckets"][code]),
                }
                for code in BUCKETS
            ],
            "total": amount(aging_total),
            "people": _people(
                data,
                data["aging"]["people"],
                lambda b: {
                    "buckets": [amount(b[code]) for code in BUCKETS],
                    "total": amount(sum(b.values(), Decimal("0.00"))),
                },
            ),
        },
        "visits": {
            "weeks": [w.isoformat() for w in data["visits"]["weeks"]],
            "counts": data["visits"]["counts"],
            "people": _people(data, data["visits"]["people"], lambda c: {"counts": c}),
        },
        "trip_cost": {
            "cost": amount(data["trip_cost"]["cost"]),
            "orders": data["trip_cost"]["orders"],
            "per_order": amount(data["trip_cost"]["per_order"]),
            "people": _people(
                data,
                data["trip_cost"]["people"],
                lambda p: {
                    "cost": amount(p["cost"]),
                    "orders": p["orders"],
                    "per_order": amount(p["per_order"]),
                },
            ),
        },
        "overdue": data["overdue"],
    }
