"""forms.md 销售周报's 本周业绩 for one period, per salesperson: 周目标 (the month's target from the
department split in force, prorated by working days), 实际销售额 and 回款额 (what sales registers
for crm's weekly sheet: orders signed, S5.3; collections, S6.1), 完成率 (targets' percent),
新增客户 and 拜访次数 (crm's week figures), 报价/订单数 and 月累计. No formula of its own: each
figure is the owning app's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count

from fieldsales.core.errors import NotFound
from fieldsales.crm.sheets.figures import NONE, weekly_money
from fieldsales.crm.visits.selectors import week_figures
from fieldsales.department.reports import periods
from fieldsales.department.targets.models import Measure
from fieldsales.department.targets.progress import percent, progress
from fieldsales.sales.orders.models import SIGNED_OR_LATER
from fieldsales.sales.orders.selectors import visible_orders
from fieldsales.sales.quotes.models import QuoteStatus
from fieldsales.sales.quotes.selectors import visible_quotes

ZERO = Decimal("0.00")
NOT_QUOTED = (QuoteStatus.DRAFT, QuoteStatus.CANCELLED)  # a quote counts once it is issued
MONEY_KEYS = ("target", "sales", "collected", "mtd_target", "mtd_sales", "mtd_collected")
COUNT_KEYS = ("new_customers", "visits", "quotes", "orders")


def month_targets(*, viewer: Any, start: date, end: date, ids: list[int]) -> dict[int, dict]:
    """{person id: {(year, month): sales target}} from the splits in force the viewer may read
    (targets' own progress: a salesperson reads their own, a head their department's)."""
    result: dict[int, dict] = {pk: {} for pk in ids}
    wanted = set(ids)
    for year in range(start.year, end.year + 1):
        try:
            rows = progress(user=viewer, year=year).people
        except NotFound:
            continue
        for row in rows:
            if row.id in wanted:
                months = row.measures[Measure.SALES].months
                for m, cell in enumerate(months, start=1):
                    result[row.id][(year, m)] = cell.target
    return result


def period_targets(*, user: Any, start: date, end: date, people: list[Any]) -> dict[int, Decimal]:
    """周目标 of [start, end] per person (crm's weekly sheet hook); people without a target are
    left out (an empty cell)."""
    ids = [p.pk for p in people]
    months = month_targets(viewer=user, start=start, end=end, ids=ids)
    return {pk: periods.prorate(m, start, end) for pk, m in months.items() if any(m.values())}


def _counts(rows: Any, field: str) -> dict[int, int]:
    return {r[field]: r["n"] for r in rows.values(field).annotate(n=Count("pk")).order_by()}


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else f"{value}"


def figures_for(*, viewer: Any, people: list[Any], start: date, end: date) -> dict[int, dict]:
    """{person id: figures} for [start, end] as the viewer sees the data, JSON-ready (money to
    the fen as strings, 完成率 one decimal or None when there is no target)."""
    if not people:
        return {}
    ids = [p.pk for p in people]
    mtd_start = periods.month_start(end)
    targets = month_targets(viewer=viewer, start=start, end=end, ids=ids)
    money = weekly_money(user=viewer, start=start, end=end, people=people)
    mtd_money = weekly_money(user=viewer, start=mtd_start, end=end, people=people)
    quotes = _counts(
        visible_quotes(user=viewer)
        .filter(salesperson_id__in=ids, quoted_on__gte=start, quoted_on__lte=end)
        .exclude(status__in=NOT_QUOTED),
        "salesperson_id",
    )
    orders = _counts(
        visible_orders(user=viewer).filter(
            salesperson_id__in=ids,
            status__in=SIGNED_OR_LATER,
            signed_on__gte=start,
            signed_on__lte=end,
        ),
        "salesperson_id",
    )
    days = (end - start).days + 1
    result = {}
    for person in people:
        pk = person.pk
        crm = week_figures(user=viewer, week_start=start, salesperson=person, days=days)
        mine, mtd = money.get(pk, NONE), mtd_money.get(pk, NONE)
        target = periods.prorate(targets.get(pk, {}), start, end)
        mtd_target = periods.prorate(targets.get(pk, {}), mtd_start, periods.month_end(end))
        result[pk] = {
            "target": _money(target),
            "sales": _money(mine.sales),
            "percent": _pct(percent(mine.sales, target)),
            "collected": _money(mine.collected),
            "new_customers": crm["new_customers"],
            "visits": crm["visits"],
            "quotes": quotes.get(pk, 0),
            "orders": orders.get(pk, 0),
            "mtd_target": _money(mtd_target),
            "mtd_sales": _money(mtd.sales),
            "mtd_percent": _pct(percent(mtd.sales, mtd_target)),
            "mtd_collected": _money(mtd.collected),
        }
    return result


def total(rows: list[dict]) -> dict:
    """The department's line: sums of the people's figures, percents of the sums."""
    money = {k: sum((Decimal(r[k]) for r in rows), ZERO) for k in MONEY_KEYS}
    counts = {k: sum(r[k] for r in rows) for k in COUNT_KEYS}
    return {
        **{k: _money(v) for k, v in money.items()},
        **counts,
        "percent": _pct(percent(money["sales"], money["target"])),
        "mtd_percent": _pct(percent(money["mtd_sales"], money["mtd_target"])),
    }
