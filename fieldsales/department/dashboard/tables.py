"""Each chart's numbers as a table (under the chart on the page) and a sheet of the Excel
workbook: (key, title, columns, rows), built from the JSON payload so the page, the API and
the workbook show the same numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.lists import Column, table_rows, xlsx_bytes


def _money(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _pct(value: str | None) -> str:
    return "—" if value is None else f"{value}%"


def _targets(p: dict[str, Any]) -> tuple[list[Column], list[Any]]:
    columns = [Column(_("名称"), lambda r: r["name"], width=16)]
    for measure, label in (("sales", _("签单额")), ("collections", _("回款额"))):
        columns += [
            Column(
                _("%(m)s目标") % {"m": label}, lambda r, m=measure: _money(r[m]["target"]), "money"
            ),
            Column(
                _("%(m)s实际") % {"m": label}, lambda r, m=measure: _money(r[m]["actual"]), "money"
            ),
            Column(
                _("%(m)s完成率") % {"m": label},
                lambda r, m=measure: _pct(r[m]["percent"]),
                width=10,
            ),
        ]
    return columns, p["targets"]


def _funnel(p: dict[str, Any]) -> tuple[list[Column], list[Any]]:
    columns = [
        Column(_("阶段"), lambda r: r["label"], width=22),
        Column(_("商机数"), lambda r: r["count"], "number", width=10),
        Column(_("转化率"), lambda r: "" if r["rate"] is None else _pct(r["rate"]), width=10),
    ]
    for person in p["funnel"]["people"]:
        columns.append(
            Column(
                person["name"],
                lambda r, c=person["counts"]: c[r["index"]],
                "number",
                width=10,
            )
        )
    rows = [s | {"index": i} for i, s in enumerate(p["funnel"]["stages"])]
    return columns, rows


def _rates(p: dict[str, Any]) -> tuple[list[Column], list[Any]]:
    columns = [
        Column(_("月份"), lambda r: r["month"], width=10),
        Column(_("到期应收"), lambda r: _money(r["due"]), "money"),
        Column(_("实际回款"), lambda r: _money(r["collected"]), "money"),
        Column(_("回款率"), lambda r: _pct(r["rate"]), width=10),
    ]
    return columns, p["collection_rate"]


def _aging(p: dict[str, Any]) -> tuple[list[Column], list[Any]]:
    labels = [b["label"] for b in p["aging"]["buckets"]]
    columns = [Column(_("销售员"), lambda r: r["name"], width=12)]
    columns += [
        Column(label, lambda r, i=i: _money(r["buckets"][i]), "money")
        for i, label in enumerate(labels)
    ]
    columns.append(Column(_("逾期合计"), lambda r: _money(r["total"]), "money"))
    total = {
        "name": _("合计"),
        "buckets": [b["amount"] for b in p["aging"]["buckets"]],
        "total": p["aging"]["total"],
    }
    return columns, [*p["aging"]["people"], total]


def _visits(p: dict[str, Any]) -> tuple[list[Column], list[Any]]:
    columns = [
        Column(_("周（周一）"), lambda r: r["week"], width=12),
        Column(_("拜访次数"), lambda r: r["count"], "number", width=10),
    ]
    for person in p["visits"]["people"]:
        columns.append(
            Column(person["name"], lambda r, c=person["counts"]: c[r["index"]], "number", width=10)
        )
    rows = [
        {"index": i, "week": w, "count": p["visits"]["counts"][i]}
        for i, w in enumerate(p["visits"]["weeks"])
    ]
    return columns, rows


def _trip_cost(p: dict[str, Any]) -> tuple[list[Column], list[Any]]:
    columns = [
        Column(_("销售员"), lambda r: r["name"], width=12),
        Column(_("出差报销额"), lambda r: _money(r["cost"]), "money"),
        Column(_("签单数"), lambda r: r["orders"], "number", width=10),
        Column(_("每单出差成本"), lambda r: _money(r["per_order"]), "money"),
    ]
    trip = p["trip_cost"]
    total = {
        "name": _("合计"),
        "cost": trip["cost"],
        "orders": trip["orders"],
        "per_order": trip["per_order"],
    }
    return columns, [*trip["people"], total]


def _overdue(p: dict[str, Any]) -> tuple[list[Column], list[Any]]:
    columns = [
        Column(_("事项"), lambda r: r["label"], width=20),
        Column(_("逾期数"), lambda r: r["count"], "number", width=10),
    ]
    return columns, p["overdue"]


CHARTS = (
    ("targets", lambda: _("目标完成"), _targets),
    ("funnel", lambda: _("销售漏斗"), _funnel),
    ("collection_rate", lambda: _("回款率趋势"), _rates),
    ("aging", lambda: _("应收账龄"), _aging),
    ("visits", lambda: _("每周拜访"), _visits),
    ("trip_cost", lambda: _("每单出差成本"), _trip_cost),
    ("overdue", lambda: _("逾期事项"), _overdue),
)


def tables(p: dict[str, Any]) -> list[dict[str, Any]]:
    """For the page: each chart's key, title, headers and rows of shown cells."""
    result = []
    for key, title, build in CHARTS:
        columns, rows = build(p)
        result.append(
            {
                "key": key,
                "title": title(),
                "headers": [{"label": str(c.label), "kind": c.kind} for c in columns],
                "rows": table_rows(rows, columns),
            }
        )
    return result


def workbook(p: dict[str, Any]) -> bytes:
    """One workbook, a sheet per chart, the same columns as the tables."""
    sheets = [(title(), *build(p)) for _key, title, build in CHARTS]
    first, *more = sheets
    return xlsx_bytes(title=first[0], columns=first[1], objects=first[2], more=more)
