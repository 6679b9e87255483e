"""Figures over many salespeople at once, each in a constant number of queries:

- `rate_grid`: the collection rate (S6.3) per salesperson, department, month and quarter,
  the same querysets and formula as `selectors.collection_rate` grouped in the database;
- `week_money`: 实际销售额 and 回款额 of a week per salesperson, the weekly sheet's answer
  (crm.sheets.figures, registered by `entries.register`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from fieldsales.org.access import department_ids, visible_people
from fieldsales.org.models import Department
from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.models import SIGNED_OR_LATER, Order

ZERO = selectors.ZERO


@dataclass
class Figure:
    """Due and collected in a period; `rate` as S6.3 (None: nothing fell due)."""

    due: Decimal = ZERO
    collected: Decimal = ZERO

    @property
    def rate(self) -> Decimal | None:
        return selectors.rate_of(self.due, self.collected)

    def add(self, other: Figure) -> None:
        self.due += other.due
        self.collected += other.collected


def _cells() -> list[Figure]:
    return [Figure() for _ in range(4)]  # three months and the quarter


@dataclass
class PersonRow:
    person: Any
    cells: list[Figure] = field(default_factory=_cells)


@dataclass
class DepartmentRows:
    department: Department | None
    people: list[PersonRow] = field(default_factory=list)
    total: list[Figure] = field(default_factory=_cells)


@dataclass
class Grid:
    year: int
    quarter: int
    months: list[date]
    departments: list[DepartmentRows]
    total: list[Figure]
    # A department's total row and the company's are shown to those who see more than
    # themselves (a salesperson's "department total" would be their own row again).
    show_totals: bool
    show_company: bool
    # False for a team leader: the total is of their team's rows, not of the department.
    whole_departments: bool = True


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_months(year: int, quarter: int) -> list[date]:
    return [date(year, 3 * (quarter - 1) + m, 1) for m in (1, 2, 3)]


def quarter_end(year: int, quarter: int) -> date:
    last = quarter_months(year, quarter)[-1]
    return (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def rate_orders(*, user: Any) -> tuple[QuerySet[Order], str]:
    """The signed orders whose rates the user sees: a salesperson their own (a team leader
    their team's), a head or manager their department's, the GM and finance all; and that
    scope: "company", "department", "team" or "own"."""
    orders = selectors.visible_orders(user=user).filter(status__in=SIGNED_OR_LATER)
    people = visible_people(user)
    if people is None:
        return orders, "company"
    departments = department_ids(user)
    condition = Q(salesperson_id__in=people)
    if departments:
        condition |= Q(department_id__in=departments)
    scope = "department" if departments else "team" if len(people) > 1 else "own"
    return orders.filter(condition), scope


def _grouped(rows: QuerySet[Any], day: str) -> QuerySet[Any]:
    return (
        rows.annotate(month=TruncMonth(day))
        .values("order__department_id", "order__salesperson_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )


def _month(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def rate_grid(*, user: Any, year: int, quarter: int) -> Grid:
    """S6.3 for each (department, salesperson) with anything due or collected in the quarter,
    per month and for the quarter; department and company totals. Four queries after the
    user's scope whatever the number of orders."""
    months = quarter_months(year, quarter)
    start, end = months[0], quarter_end(year, quarter)
    orders, scope = rate_orders(user=user)
    index = {m: i for i, m in enumerate(months)}
    figures: dict[tuple[int | None, int], list[Figure]] = defaultdict(_cells)
    for row in _grouped(selectors.due_in(orders.values("pk"), start, end), "due"):
        key = (row["order__department_id"], row["order__salesperson_id"])
        figures[key][index[_month(row["month"])]].due += row["total"]
    for row in _grouped(selectors.collected_in(orders.values("pk"), start, end), "date"):
        key = (row["order__department_id"], row["order__salesperson_id"])
        figures[key][index[_month(row["month"])]].collected += row["total"]
    users = get_user_model().objects.select_related("employee").in_bulk({k[1] for k in figures})
    names = Department.objects.in_bulk({k[0] for k in figures if k[0] is not None})
    by_department: dict[int | None, DepartmentRows] = {}
    company = _cells()
    for (department_id, person_id), cells in figures.items():
        cells[3] = Figure()
        for month in cells[:3]:
            cells[3].add(month)
        group = by_department.setdefault(
            department_id, DepartmentRows(department=names.get(department_id))
        )
        group.people.append(PersonRow(person=users[person_id], cells=cells))
        for total, cell in zip(group.total, cells, strict=True):
            total.add(cell)
        for total, cell in zip(company, cells, strict=True):
            total.add(cell)
    from fieldsales.core.people import display_name

    groups = sorted(
        by_department.values(),
        key=lambda g: (g.department is None, g.department.name if g.department else ""),
    )
    for group in groups:
        group.people.sort(key=lambda r: (display_name(r.person), r.person.pk))
    return Grid(
        year=year,
        quarter=quarter,
        months=months,
        departments=groups,
        total=company,
        show_totals=scope != "own",
        show_company=scope == "company",
        whole_departments=scope in ("company", "department"),
    )


def week_money(*, user: Any, start: date, end: date, people: list[Any]) -> dict[int, Any]:
    """crm's weekly sheet: per salesperson, Σ totals of their orders signed in [start, end]
    (cancelled ones excluded) and Σ non-voided collections dated then on their orders; among
    the orders the user sees. Two queries."""
    from fieldsales.crm.sheets.figures import WeekMoney

    ids = [p.pk for p in people]
    orders = selectors.visible_orders(user=user).filter(salesperson_id__in=ids)
    sold = (
        orders.filter(status__in=SIGNED_OR_LATER, signed_on__gte=start, signed_on__lte=end)
        .values("salesperson_id")
        .annotate(total=Sum("total"))
        .order_by()
    )
    collected = (
        selectors.collected_in(orders.values("pk"), start, end)
        .values("order__salesperson_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    sales = {r["salesperson_id"]: r["total"] for r in sold}
    paid = {r["order__salesperson_id"]: r["total"] for r in collected}
    return {
        pk: WeekMoney(sales=sales.get(pk) or ZERO, collected=paid.get(pk) or ZERO) for pk in ids
    }
