"""What the department's reports and scorecards freeze: signed sales, collections, dues and
visits per person and day, gathered once with a few aggregate queries, and the monthly sales
targets once the targets step has made them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from fieldsales.crm.models import Visit
from fieldsales.demo.generate import Context
from fieldsales.department.reports import periods
from fieldsales.department.targets.models import Measure, TargetLine, TargetStatus
from fieldsales.sales.orders.models import SIGNED_OR_LATER, Collection, Installment, Order


class Figures:
    """Signed sales, collections and visits per person and day, for the last 14 months and
    the scored quarters (and the same quarters a year before), from aggregate queries."""

    def __init__(self, ctx: Context, people: list[int]) -> None:
        today = ctx.today
        since = date(today.year - 2, 1, 1)
        self.sales: dict[int, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        self.orders: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
        for person, day, total, n in (
            Order.objects.filter(status__in=SIGNED_OR_LATER, signed_on__gte=since)
            .order_by()
            .values_list("salesperson_id", "signed_on")
            .annotate(s=Sum("total"), n=Count("id"))
        ):
            self.sales[person][day] += total
            self.orders[person][day] += n
        self.collected: dict[int, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for person, day, amount in (
            Collection.objects.filter(voided_at__isnull=True, date__gte=since)
            .order_by()
            .values_list("order__salesperson_id", "date")
            .annotate(s=Sum("amount"))
        ):
            self.collected[person][day] += amount
        self.due: dict[int, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for person, day, amount in (
            Installment.objects.filter(order__status__in=SIGNED_OR_LATER, due__gte=since)
            .order_by()
            .values_list("order__salesperson_id", "due")
            .annotate(s=Sum("amount"))
        ):
            self.due[person][day] += amount
        self.visits: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
        for person, day, n in (
            Visit.objects.filter(check_in_at__date__gte=today - timedelta(days=430))
            .order_by()
            .annotate(day=TruncDate("check_in_at"))
            .values_list("salesperson_id", "day")
            .annotate(n=Count("id"))
        ):
            if day is not None:
                self.visits[person][day] += n
        self.targets: dict[tuple[int, int, int], Decimal] = {}  # person, year, month -> sales

    @staticmethod
    def between(series: dict[date, Any], start: date, end: date) -> Any:
        values = [v for d, v in series.items() if start <= d <= end]
        return sum(values[1:], values[0]) if values else 0

    def money_between(self, series: dict[date, Decimal], start: date, end: date) -> Decimal:
        return Decimal(self.between(series, start, end) or 0).quantize(Decimal("0.01"))

    def target(self, person: int, start: date, end: date) -> Decimal:
        """The sales target of the months the period touches, prorated by calendar days."""
        total = Decimal("0.00")
        for year, month, share in periods.month_share(start, end):
            total += self.targets.get((person, year, month), Decimal("0.00")) * share
        return total.quantize(Decimal("0.01"))

    def of(self, person: int, start: date, end: date) -> dict[str, Any]:
        """A report's figures, as the report services freeze them."""
        month = periods.month_start(end)
        target = self.target(person, start, end)
        sales = self.money_between(self.sales[person], start, end)
        mtd_target = self.target(person, month, periods.month_end(month))
        mtd_sales = self.money_between(self.sales[person], month, end)
        return {
            "target": f"{target:.2f}",
            "sales": f"{sales:.2f}",
            "percent": percent(sales, target),
            "collected": f"{self.money_between(self.collected[person], start, end):.2f}",
            "new_customers": 0,
            "visits": int(self.between(self.visits[person], start, end)),
            "quotes": 0,
            "orders": int(self.between(self.orders[person], start, end)),
            "mtd_target": f"{mtd_target:.2f}",
            "mtd_sales": f"{mtd_sales:.2f}",
            "mtd_percent": percent(mtd_sales, mtd_target),
            "mtd_collected": f"{self.money_between(self.collected[person], month, end):.2f}",
        }


def percent(part: Decimal, whole: Decimal) -> str:
    """part of whole in percent to one decimal, as the report services write it."""
    return f"{(part * 100 / whole).quantize(Decimal('0.1')) if whole else Decimal('0.0')}"


def load_targets(figures: Figures, ctx: Context) -> None:
    """Fill figures.targets with the approved monthly sales targets (after the targets step)."""
    for person, year, month, amount in TargetLine.objects.filter(
        measure=Measure.SALES,
        month__gt=0,
        target__status=TargetStatus.APPROVED,
        target__year__gte=ctx.today.year - 1,
    ).values_list("salesperson_id", "target__year", "month", "amount"):
        figures.targets[(person, year, month)] = amount
