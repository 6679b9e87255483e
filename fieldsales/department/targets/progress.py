"""D1 progress: actual ÷ target per salesperson, department and the company, per month,
quarter and year, as a percentage to one decimal (None, shown "—", when the target is 0).

Targets come from the versions in force (the company's for departments' years, each
department's split for people and departments' months); actuals from actuals.py. A fixed number
of queries whatever the number of people, months or orders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, overload

from django.contrib.auth import get_user_model
from django.db.models import Q

from fieldsales.core import people as people_names
from fieldsales.core.errors import NotFound
from fieldsales.core.memo import remembered
from fieldsales.department.targets import actuals, rules
from fieldsales.department.targets.models import (
    Measure,
    Target,
    TargetLevel,
    TargetLine,
    TargetStatus,
)
from fieldsales.department.targets.splits import MONTHS, ZERO
from fieldsales.org.models import Department, Employee

TENTH = Decimal("0.1")


def percent(actual: Decimal, target: Decimal) -> Decimal | None:
    """D1: actual ÷ target × 100 to one decimal, half up; None ("—") when the target is 0."""
    if target <= 0:
        return None
    return (actual * 100 / target).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cell:
    target: Decimal
    actual: Decimal

    @property
    def percent(self) -> Decimal | None:
        return percent(self.actual, self.target)

    @property
    def bar(self) -> int:
        """The width of a progress bar, 0–100."""
        value = self.percent
        return 0 if value is None else int(min(max(value, Decimal(0)), Decimal(100)))


@dataclass(frozen=True)
class Series:
    """One measure of one row: the year, four quarters and twelve months."""

    year: Cell
    quarters: list[Cell]
    months: list[Cell]


def series(
    year_target: Decimal, months_target: list[Decimal], months_actual: list[Decimal]
) -> Series:
    quarters = [
        Cell(
            sum(months_target[q * 3 : q * 3 + 3], ZERO), sum(months_actual[q * 3 : q * 3 + 3], ZERO)
        )
        for q in range(4)
    ]
    months = [Cell(t, a) for t, a in zip(months_target, months_actual, strict=True)]
    return Series(Cell(year_target, sum(months_actual, ZERO)), quarters, months)


@dataclass(frozen=True)
class Row:
    kind: str  # "company", "department", "person"
    id: int | None
    name: str
    department_id: int | None
    measures: dict[str, Series]


class PeopleRows(Sequence[Row]):
    """People's rows in name order, each computed when first read: the targets page shows 20
    of the GM's 200 people and computes those 20."""

    def __init__(self, ids: list[int], build: Callable[[int], Row]) -> None:
        self._ids, self._build = ids, build
        self._built: dict[int, Row] = {}

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self._row(pk) for pk in self._ids[index]]
        return self._row(self._ids[index])

    def _row(self, pk: int) -> Row:
        if pk not in self._built:
            self._built[pk] = self._build(pk)
        return self._built[pk]


def _no_person(pk: int) -> Row:
    raise LookupError(pk)  # no person's row was asked for


@dataclass(frozen=True)
class Progress:
    year: int
    company: Row | None
    departments: list[Row]
    people: PeopleRows


def _scope(user: Any, salesperson: int | None, department: int | None) -> tuple[Any, Any, bool]:
    """(people ids or None for all, department ids or None for all, company row shown) for this
    user and filter; what they may not see is 404."""
    if not rules.reads_targets(user):
        raise NotFound("未找到。")
    everything = rules.reads_every_target(user)
    own_departments = set(rules.split_departments(user))
    if department is not None:
        if not everything and department not in own_departments:
            raise NotFound("未找到。")
        departments: set[int] | None = {department}
    else:
        departments = None if everything else own_departments
    if salesperson is not None:
        employee = Employee.objects.filter(user_id=salesperson).first()
        if employee is None:
            raise NotFound("未找到。")
        mine = salesperson == user.pk or employee.department_id in own_departments
        if not everything and not mine:
            raise NotFound("未找到。")
        if department is not None and employee.department_id != department:
            raise NotFound("未找到。")
        return {salesperson}, set(), False
    if departments is None:
        return None, None, department is None
    if not departments:  # a salesperson: their own row only
        return {user.pk}, set(), False
    people = set(
        Employee.objects.filter(department_id__in=departments).values_list("user_id", flat=True)
    )
    return people, departments, False


def _months(amounts: actuals.Amounts, key: Any) -> dict[Any, list[Decimal]]:
    """{key(person, department): twelve monthly amounts}."""
    result: dict[Any, list[Decimal]] = {}
    for (person, department, month), amount in amounts.items():
        k = key(person, department)
        if k is None:
            continue
        result.setdefault(k, [ZERO] * MONTHS)[month - 1] += amount
    return result


def _split_targets(
    splits: list[Target],
) -> tuple[
    dict[tuple[int, str], tuple[Decimal, list[Decimal]]],
    dict[tuple[int, str], list[Decimal]],
    dict[int, int],
]:
    """From the department splits in force: each person's (year, twelve months) per measure,
    each department's twelve months per measure (the sum of its people's), and each person's
    department. Read as plain values: the GM's splits are some 5,000 lines, and making each a
    model instance cost more than the rest of the progress."""
    rows: dict[int, dict[tuple[int, str], tuple[list[Decimal], list[Decimal]]]] = {}
    lines = TargetLine.objects.filter(target__in=splits, salesperson__isnull=False).values_list(
        "target_id", "salesperson_id", "measure", "category_id", "month", "amount"
    )
    for target_id, person, measure, category, month, amount in lines:
        year, months = rows.setdefault(target_id, {}).setdefault(
            (person, measure), ([ZERO], [ZERO] * MONTHS)
        )
        if category is not None:  # a category's share (category_progress), not the measure's
            continue
        if month == 0:
            year[0] = amount
        else:
            months[month - 1] = amount
    person_target: dict[tuple[int, str], tuple[Decimal, list[Decimal]]] = {}
    department_months: dict[tuple[int, str], list[Decimal]] = {}
    person_department: dict[int, int] = {}
    for split in splits:
        for (person, measure), (year, months) in rows.get(split.pk, {}).items():
            person_target[(person, measure)] = (year[0], months)
            person_department[person] = split.department_id  # type: ignore[assignment]
            total = department_months.setdefault(
                (split.department_id, measure),  # type: ignore[arg-type]
                [ZERO] * MONTHS,
            )
            for i, amount in enumerate(months):
                total[i] += amount
    return person_target, department_months, person_department


def progress(
    *,
    user: Any,
    year: int,
    salesperson: int | None = None,
    department: int | None = None,
    with_people: bool = True,
) -> Progress:
    """The year's progress the user may see (404 for a person or department they may not);
    without `with_people`, no person's row where the company's or departments' rows are shown
    (the GM's charts); a salesperson's own row is always there.
    Computed once per request (core.memo): the home page's blocks both show it."""
    return remembered(
        ("targets.progress", user.pk, year, salesperson, department, with_people),
        lambda: _progress(
            user=user,
            year=year,
            salesperson=salesperson,
            department=department,
            with_people=with_people,
        ),
    )


def _progress(
    *, user: Any, year: int, salesperson: int | None, department: int | None, with_people: bool
) -> Progress:
    people, departments, show_company = _scope(user, salesperson, department)
    targets = Target.objects.filter(year=year, status=TargetStatus.APPROVED)
    if not show_company:  # the company's, and only the splits of the people and departments seen
        targets = targets.filter(
            Q(level=TargetLevel.COMPANY)
            | Q(department_id__in=departments or [])
            | Q(pk__in=TargetLine.objects.filter(salesperson_id__in=people).values("target_id"))
        )
    in_force = list(targets)
    company = next((t for t in in_force if t.level == TargetLevel.COMPANY), None)
    splits_ = [t for t in in_force if t.level == TargetLevel.DEPARTMENT]
    person_target, department_months, person_department = _split_targets(splits_)
    department_year: dict[tuple[int, str], Decimal] = {}
    if company is not None:
        company_lines = TargetLine.objects.filter(target=company, department__isnull=False)
        for department_id, measure, amount in company_lines.values_list(
            "department_id", "measure", "amount"
        ):
            department_year[(department_id, measure)] = amount
    measured = {
        Measure.SALES: actuals.signed_sales(year=year, people=people, departments=departments),
        Measure.COLLECTIONS: actuals.collections(year=year, people=people, departments=departments),
    }

    def visible_person(pk: int) -> bool:
        return people is None or pk in people

    def visible_department(pk: int | None) -> bool:
        return pk is not None and (departments is None or pk in departments)

    person_ids = {p for p, _m in person_target if visible_person(p)}
    for amounts in measured.values():
        person_ids |= {p for (p, _d, _m) in amounts if visible_person(p)}
    department_ids = {d for d, _m in department_year if visible_department(d)}
    department_ids |= {d for d, _m in department_months if visible_department(d)}
    for amounts in measured.values():
        department_ids |= {d for (_p, d, _m) in amounts if visible_department(d)}
    if salesperson is not None:
        department_ids = set()

    by_department = {m: _months(a, lambda p, d: d) for m, a in measured.items()}
    names = {d.pk: d.name for d in Department.objects.filter(pk__in=department_ids)}
    person_rows = PeopleRows([], _no_person)
    if with_people or not (show_company or department_ids):  # else one's own row is all there is
        by_person = {m: _months(a, lambda p, d: p) for m, a in measured.items()}
        users = get_user_model().objects.in_bulk(person_ids)
        employees = dict(
            Employee.objects.filter(user_id__in=person_ids).values_list("user_id", "department_id")
        )

        def person_row(pk: int) -> Row:
            measures = {}
            for m in Measure.values:
                year_target, months = person_target.get((pk, m), (ZERO, [ZERO] * MONTHS))
                measures[m] = series(year_target, months, by_person[m].get(pk, [ZERO] * MONTHS))
            name = people_names.display_name(users.get(pk))
            return Row("person", pk, name, person_department.get(pk, employees.get(pk)), measures)

        ordered = sorted(person_ids, key=lambda p: people_names.display_name(users.get(p)) or "")
        person_rows = PeopleRows(ordered, person_row)
    department_rows = []
    for pk in sorted(department_ids, key=lambda d: names.get(d, "")):
        measures = {
            m: series(
                department_year.get((pk, m), ZERO),
                department_months.get((pk, m), [ZERO] * MONTHS),
                by_department[m].get(pk, [ZERO] * MONTHS),
            )
            for m in Measure.values
        }
        department_rows.append(Row("department", pk, names.get(pk, ""), pk, measures))
    company_row = None
    if show_company:
        measures = {}
        for m in Measure.values:
            total = ZERO
            if company is not None:
                total = company.sales_total if m == Measure.SALES else company.collections_total
            month_targets = [ZERO] * MONTHS
            for (_d, measure), months in department_months.items():
                if measure == m:
                    month_targets = [a + b for a, b in zip(month_targets, months, strict=True)]
            month_actuals = [ZERO] * MONTHS
            for months in by_department[m].values():
                month_actuals = [a + b for a, b in zip(month_actuals, months, strict=True)]
            # Orders of no department still count for the company.
            no_department = [ZERO] * MONTHS
            for (_p, d, month), amount in measured[m].items():
                if d is None:
                    no_department[month - 1] += amount
            month_actuals = [a + b for a, b in zip(month_actuals, no_department, strict=True)]
            measures[m] = series(total, month_targets, month_actuals)
        company_row = Row("company", None, "", None, measures)
    return Progress(year, company_row, department_rows, person_rows)


@dataclass(frozen=True)
class CategoryRow:
    """D1 optionally by product category: a person's year target of one category (签单额) and
    the lines of their orders signed in the year of that category."""

    person_id: int
    person: str
    category_id: int
    category: str
    cell: Cell


def category_progress(
    *, user: Any, year: int, salesperson: int | None = None, department: int | None = None
) -> list[CategoryRow]:
    """The category splits in force the user may see, with their actuals (three queries)."""
    from fieldsales.sales.catalogue.models import ProductCategory

    people, departments, _company = _scope(user, salesperson, department)
    lines = TargetLine.objects.filter(
        target__year=year,
        target__status=TargetStatus.APPROVED,
        target__level=TargetLevel.DEPARTMENT,
        category__isnull=False,
        measure=Measure.SALES,
    ).select_related("salesperson", "category")
    if people is not None:
        lines = lines.filter(salesperson_id__in=list(people))
    found = list(lines)
    if not found:
        return []
    actual = actuals.signed_sales_by_category(year=year, people={ln.salesperson_id for ln in found})
    names = dict(ProductCategory.objects.values_list("pk", "name"))
    rows = [
        CategoryRow(
            line.salesperson_id,  # type: ignore[arg-type]
            people_names.display_name(line.salesperson),
            line.category_id,  # type: ignore[arg-type]
            names.get(line.category_id, ""),  # type: ignore[arg-type]
            Cell(line.amount, actual.get((line.salesperson_id, line.category_id), ZERO)),  # type: ignore[arg-type]
        )
        for line in found
    ]
    rows.sort(key=lambda r: (r.person, r.category, r.category_id))
    return rows
