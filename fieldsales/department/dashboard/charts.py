"""Each chart's numbers for one scope and period (D12), every aggregate grouped in the
database: a dashboard costs the same number of queries whatever the number of orders,
visits, claims or opportunities (tests/department/test_dashboard_queries.py).

- targets: D1's progress (targets.progress, which reads targets.actuals), the period's cell;
- funnel: the opportunities opened in the period, how many reached each of the five stages
  (their stage now or any stage they moved to, later stages counting for the earlier ones),
  and the conversion rate from each stage to the next;
- collection_rate: S6.3 (sales.orders.selectors.due_in / collected_in / rate_of) for each of
  the twelve months ending with the period's last month;
- aging: the overdue part of the open installments today, in S6.2's buckets;
- visits: visits made (checked in) in the period, per week (Monday to Sunday);
- trip_cost: reimbursed claims (approved or settled, a corrected claim replaced by its
  correction) of trips returning in the period ÷ orders signed in the period;
- overdue: the counts registered in overdue.py.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from fieldsales.core.people import display_name
from fieldsales.crm.pipeline.models import BOARD_STAGES, Opportunity, Stage
from fieldsales.crm.visits.models import Visit
from fieldsales.department.dashboard.overdue import overdue_counts
from fieldsales.department.dashboard.periods import Period, month_end
from fieldsales.department.dashboard.scope import COMPANY, DEPARTMENT, Scope
from fieldsales.department.targets.progress import Cell, progress
from fieldsales.sales.orders import selectors as order_selectors
from fieldsales.sales.orders.models import SIGNED_OR_LATER, Installment, Order
from fieldsales.sales.orders.rates import Figure
from fieldsales.trips.models import Claim, ClaimStatus

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
BUCKETS = order_selectors.BUCKETS
REIMBURSED = (ClaimStatus.APPROVED, ClaimStatus.SETTLED)
TREND_MONTHS = 12


def money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part ÷ whole in percent to one decimal, half up; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value  # type: ignore[no-any-return]


def signed_orders(scope: Scope) -> Any:
    return Order.objects.filter(status__in=SIGNED_OR_LATER).filter(
        scope.q("salesperson_id", "department_id")
    )


# ---------------------------------------------------------------- target vs actual


def _cell(series: Any, period: Period) -> Cell:
    if period.kind == "month":
        return series.months[period.number - 1]
    if period.kind == "quarter":
        return series.quarters[period.number - 1]
    return series.year


def _target_row(row: Any, kind: str, name: str, period: Period) -> dict[str, Any]:
    cells = {m: _cell(row.measures[m], period) for m in ("sales", "collections")}
    return {
        "kind": kind,
        "id": row.id,
        "name": name,
        **{
            m: {"target": money(c.target), "actual": money(c.actual), "percent": c.percent}
            for m, c in cells.items()
        },
    }


def _empty_measures() -> dict[str, Any]:
    return {"target": ZERO, "actual": ZERO, "percent": None}


def targets(scope: Scope, period: Period) -> list[dict[str, Any]]:
    """The scope's row(s) first (the company, the departments, or oneself), then, for a head
    or manager, one row per person; the numbers are D1's progress for the period."""
    from django.utils.translation import gettext as _

    result = progress(user=scope.user, year=period.year, with_people=scope.kind != COMPANY)
    rows = []
    if scope.kind == COMPANY:
        if result.company is not None:
            rows.append(_target_row(result.company, "company", _("全公司"), period))
        rows += [_target_row(r, "department", r.name, period) for r in result.departments]
    elif scope.kind == DEPARTMENT:
        rows += [_target_row(r, "department", r.name, period) for r in result.departments]
        rows += [_target_row(r, "person", r.name, period) for r in result.people]
    else:
        mine = [r for r in result.people if r.id == scope.user.pk]
        rows += [_target_row(r, "person", r.name, period) for r in mine]
        if not rows:
            name = display_name(scope.user)
            rows.append(
                {
                    "kind": "person",
                    "id": scope.user.pk,
                    "name": name,
                    "sales": _empty_measures(),
                    "collections": _empty_measures(),
                }
            )
    return rows


# ---------------------------------------------------------------- the funnel


def _reached(index: int) -> list[str]:
    return [*BOARD_STAGES[index:], Stage.WON]


def funnel(scope: Scope, period: Period) -> dict[str, Any]:
    """Opportunities opened in the period that reached each stage, per owner, in one query."""
    opened = Opportunity.objects.filter(
        scope.q("owner_id"),
        created_at__gte=_aware(period.start),
        created_at__lt=_aware(period.end + timedelta(days=1)),
    )
    counts = {
        f"s{i}": Count(
            "pk",
            distinct=True,
            filter=Q(stage__in=_reached(i)) | Q(changes__to_stage__in=_reached(i)),
        )
        for i in range(len(BOARD_STAGES))
    }
    grouped = opened.values("owner_id").annotate(**counts).order_by()
    totals = [0] * len(BOARD_STAGES)
    people: dict[int, list[int]] = {}
    for row in grouped:
        numbers = [row[f"s{i}"] for i in range(len(BOARD_STAGES))]
        people[row["owner_id"]] = numbers
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
    stages = []
    for i, stage in enumerate(BOARD_STAGES):
        stages.append(
            {
                "stage": str(stage),
                "label": str(Stage(stage).label),
                "count": totals[i],
                "rate": ratio(totals[i], totals[i - 1]) if i else None,
            }
        )
    return {"stages": stages, "people": people}


# ---------------------------------------------------------------- collection rate trend


def trend_months(period: Period) -> list[date]:
    last = date(period.year, period.months[-1], 1)
    months = []
    day = last
    for _i in range(TREND_MONTHS):
        months.append(day)
        day = (day - timedelta(days=1)).replace(day=1)
    return months[::-1]


def collection_rate(scope: Scope, period: Period) -> list[dict[str, Any]]:
    """S6.3 per month for the twelve months ending with the period: two grouped queries."""
    months = trend_months(period)
    start, end = months[0], month_end(months[-1])
    orders = signed_orders(scope).values("pk")
    figures = {m: Figure() for m in months}
    due = (
        order_selectors.due_in(orders, start, end)
        .annotate(month=TruncMonth("due"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in due:
        figures[_day(row["month"])].due += money(row["total"])
    collected = (
        order_selectors.collected_in(orders, start, end)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in collected:
        figures[_day(row["month"])].collected += money(row["total"])
    return [
        {
            "month": f"{m:%Y-%m}",
            "due": figures[m].due,
            "collected": figures[m].collected,
            "rate": figures[m].rate,
        }
        for m in months
    ]


# ---------------------------------------------------------------- receivables aging


def aging(scope: Scope, today: date) -> dict[str, Any]:
    """The overdue part (amount − collected) of open installments of signed orders, due
    before today, in S6.2's buckets by days past due; per salesperson, one query."""
    bucket = Case(
        When(due__gte=today - timedelta(days=30), then=Value(BUCKETS[0])),
        When(due__gte=today - timedelta(days=60), then=Value(BUCKETS[1])),
        When(due__gte=today - timedelta(days=90), then=Value(BUCKETS[2])),
        default=Value(BUCKETS[3]),
    )
    rows = (
        Installment.objects.filter(
            order__status__in=SIGNED_OR_LATER, due__lt=today, collected__lt=F("amount")
        )
        .filter(scope.q("order__salesperson_id", "order__department_id"))
        .annotate(bucket=bucket)
        .values("order__salesperson_id", "bucket")
        .annotate(
            total=Sum(
                F("amount") - F("collected"),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )
        .order_by()
    )
    totals = dict.fromkeys(BUCKETS, ZERO)
    people: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(BUCKETS, ZERO))
    for row in rows:
        amount = money(row["total"])
        totals[row["bucket"]] += amount
        people[row["order__salesperson_id"]][row["bucket"]] += amount
    return {"buckets": totals, "people": dict(people)}


# ---------------------------------------------------------------- visits per week


def week_starts(period: Period) -> list[date]:
    monday = period.start - timedelta(days=period.start.weekday())
    weeks = []
    while monday <= period.end:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def visits(scope: Scope, period: Period) -> dict[str, Any]:
    """Visits checked in, dated in the period, per week (its Monday) and salesperson."""
    weeks = week_starts(period)
    index = {w: i for i, w in enumerate(weeks)}
    rows = (
        Visit.objects.filter(
            scope.q("salesperson_id"),
            date__gte=period.start,
            date__lte=period.end,
            check_in_at__isnull=False,
        )
        .annotate(week=TruncWeek("date"))
        .values("week", "salesperson_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = [0] * len(weeks)
    people: dict[int, list[int]] = defaultdict(lambda: [0] * len(weeks))
    for row in rows:
        i = index[_day(row["week"])]
        totals[i] += row["n"]
        people[row["salesperson_id"]][i] += row["n"]
    return {"weeks": weeks, "counts": totals, "people": dict(people)}


# ---------------------------------------------------------------- trip cost per signed order


def reimbursed_claims(scope: Scope, period: Period) -> Any:
    return (
        Claim.objects.filter(
            status__in=REIMBURSED,
            trip__return_date__gte=period.start,
            trip__return_date__lte=period.end,
        )
        .exclude(corrections__status__in=REIMBURSED)
        .filter(scope.q("claimant_id", "trip__department_id"))
    )


def trip_cost(scope: Scope, period: Period) -> dict[str, Any]:
    """Σ reimbursed of the period's trips, orders signed in the period, and their quotient
    (None when no order was signed); per person. Two grouped queries."""
    claimed = (
        reimbursed_claims(scope, period)
        .values("claimant_id")
        .annotate(total=Sum("reimbursed_total"))
        .order_by()
    )
    signed = (
        signed_orders(scope)
        .filter(signed_on__gte=period.start, signed_on__lte=period.end)
        .values("salesperson_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    people: dict[int, dict[str, Any]] = defaultdict(lambda: {"cost": ZERO, "orders": 0})
    for row in claimed:
        people[row["claimant_id"]]["cost"] += money(row["total"])
    for row in signed:
        people[row["salesperson_id"]]["orders"] += row["n"]
    for figures in people.values():
        figures["per_order"] = per_order(figures["cost"], figures["orders"])
    cost = sum((p["cost"] for p in people.values()), ZERO)
    orders = sum(p["orders"] for p in people.values())
    return {
        "cost": cost,
        "orders": orders,
        "per_order": per_order(cost, orders),
        "people": dict(people),
    }


def per_order(cost: Decimal, orders: int) -> Decimal | None:
    return (cost / orders).quantize(CENT, rounding=ROUND_HALF_UP) if orders else None


# ---------------------------------------------------------------- everything


def dashboard(scope: Scope, period: Period, today: date) -> dict[str, Any]:
    """Every chart of the dashboard, with names for the per-person rows of a department."""
    data: dict[str, Any] = {
        "targets": targets(scope, period),
        "funnel": funnel(scope, period),
        "collection_rate": collection_rate(scope, period),
        "aging": aging(scope, today),
        "visits": visits(scope, period),
        "trip_cost": trip_cost(scope, period),
        "overdue": overdue_counts(scope.user, today),
    }
    ids: set[int] = set()
    if scope.per_person:
        for key in ("funnel", "aging", "visits", "trip_cost"):
            ids |= set(data[key]["people"])
    users = get_user_model().objects.in_bulk(ids) if ids else {}
    data["names"] = {pk: display_name(u) for pk, u in users.items()}
    return data


def home(scope: Scope, period: Period, today: date) -> dict[str, Any]:
    """The home block: target vs actual and the overdue counts only."""
    return {
        "targets": targets(scope, period)[:1],
        "overdue": overdue_counts(scope.user, today),
    }
