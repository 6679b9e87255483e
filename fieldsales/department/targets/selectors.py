"""Reads of targets: who sees which version (D1: salesperson own, head/manager the department,
GM and finance all, others nothing, hence 404), the version in force, the split as a grid."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from fieldsales.core.workflow import waiting_for
from fieldsales.department.targets import rules
from fieldsales.department.targets.models import (
    Measure,
    Target,
    TargetLevel,
    TargetLine,
    TargetStatus,
)
from fieldsales.department.targets.splits import MONTHS, ZERO

SHOWN = (TargetStatus.APPROVED, TargetStatus.SUPERSEDED)  # what a non-author reads


@dataclass(frozen=True)
class LineScope:
    """Which lines of a visible target the user reads: all, some departments', or one person's."""

    everything: bool = False
    departments: frozenset[int] = frozenset()
    person: int | None = None

    def admits(self, line: Any, target: Target) -> bool:
        if self.everything:
            return True
        if line.department_id is not None:
            return line.department_id in self.departments
        if target.department_id in self.departments:
            return True
        return line.salesperson_id == self.person


def line_scope(user: Any) -> LineScope:
    if rules.reads_every_target(user):
        return LineScope(everything=True)
    if not rules.reads_targets(user):
        return LineScope()
    return LineScope(departments=frozenset(rules.split_departments(user)), person=user.pk)


def visible_targets(*, user: Any) -> QuerySet[Target]:
    """The GM and finance every version; a head or manager their departments' versions and the
    company's published ones (their department's line); a salesperson the published versions
    that give them a target (their own lines). Others none (404)."""
    targets = Target.objects.select_related("department", "created_by")
    if not rules.reads_targets(user):
        return targets.none()
    if rules.reads_every_target(user):
        return targets
    departments = rules.split_departments(user)
    mine = TargetLine.objects.filter(salesperson=user).values("target_id")
    condition = Q(status__in=SHOWN, pk__in=mine) | Q(created_by=user)
    if departments:
        condition |= Q(level=TargetLevel.DEPARTMENT, department_id__in=departments)
        condition |= Q(level=TargetLevel.COMPANY, status__in=SHOWN)
    return targets.filter(condition)


def target_detail(*, user: Any, pk: int) -> Target | None:
    return visible_targets(user=user).filter(pk=pk).first()


def targets_waiting(user: Any) -> QuerySet[Target]:
    """Department splits waiting for this approver (the inbox)."""
    return waiting_for(Target, user)


def in_force(*, year: int, department_id: int | None = None) -> Target | None:
    """The approved version of the year's company target (or of a department's split)."""
    targets = Target.objects.filter(year=year, status=TargetStatus.APPROVED)
    if department_id is None:
        return targets.filter(level=TargetLevel.COMPANY).first()
    return targets.filter(level=TargetLevel.DEPARTMENT, department_id=department_id).first()


def department_totals(*, year: int, department_id: int) -> dict[str, Decimal] | None:
    """The department's annual amounts on the company target in force (None: none set)."""
    company = in_force(year=year)
    if company is None:
        return None
    totals = dict.fromkeys(Measure.values, ZERO)
    for line in company.lines.filter(department_id=department_id):
        totals[line.measure] = line.amount
    return totals


def versions_of(target: Target) -> QuerySet[Target]:
    """Every version of the same target (the old ones stay visible), newest first."""
    return Target.objects.filter(
        year=target.year, level=target.level, department_id=target.department_id
    ).order_by("-version")


@dataclass
class PersonRow:
    """One salesperson's split in one measure: the year and twelve months."""

    salesperson_id: int
    measure: str
    year: Decimal = ZERO
    months: list[Decimal] = field(default_factory=lambda: [ZERO] * MONTHS)
    categories: dict[int, Decimal] = field(default_factory=dict)  # {category id: the year}


@dataclass(frozen=True)
class LineRow:
    """A target line as plain values, with its department and category: a page of the
    company's targets holds some 10,000 lines, and model instances of them cost 75 ms."""

    pk: int
    measure: str
    department_id: int | None
    salesperson_id: int | None
    category_id: int | None
    month: int
    amount: Decimal
    department: Any
    category: Any


def line_rows(targets: list[Target]) -> dict[int, list[LineRow]]:
    """{target id: its lines in order} for these targets, in three queries."""
    from fieldsales.org.models import Department
    from fieldsales.sales.catalogue.models import ProductCategory

    values = list(
        TargetLine.objects.filter(target__in=targets)
        .order_by("pk")
        .values_list(
            "pk",
            "target_id",
            "measure",
            "department_id",
            "salesperson_id",
            "category_id",
            "month",
            "amount",
        )
    )
    departments = Department.objects.in_bulk({v[3] for v in values if v[3] is not None})
    categories = ProductCategory.objects.in_bulk({v[5] for v in values if v[5] is not None})
    found: dict[int, list[LineRow]] = {t.pk: [] for t in targets}
    for pk, target_id, measure, department, person, category, month, amount in values:
        found[target_id].append(
            LineRow(
                pk,
                measure,
                department,
                person,
                category,
                month,
                amount,
                departments.get(department),
                categories.get(category),
            )
        )
    return found


def department_rows(
    target: Target, scope: LineScope | None = None, lines: Any = None
) -> list[dict[str, Any]]:
    """A company target's lines (`lines`, else its prefetched ones) per department:
    {department, sales, collections}."""
    rows: dict[int, dict[str, Any]] = {}
    for line in target.lines.all() if lines is None else lines:
        if line.department_id is None or (scope is not None and not scope.admits(line, target)):
            continue
        row = rows.setdefault(
            line.department_id,
            {"department": line.department, **dict.fromkeys(Measure.values, ZERO)},
        )
        row[line.measure] = line.amount
    return list(rows.values())


def person_rows(
    target: Target, scope: LineScope | None = None, lines: Any = None
) -> list[PersonRow]:
    """A department split's lines (`lines`, else its prefetched ones) as rows per person and
    measure."""
    rows: dict[tuple[int, str], PersonRow] = {}
    for line in target.lines.all() if lines is None else lines:
        if line.salesperson_id is None or (scope is not None and not scope.admits(line, target)):
            continue
        row = rows.setdefault(
            (line.salesperson_id, line.measure), PersonRow(line.salesperson_id, line.measure)
        )
        if line.category_id is not None:
            row.categories[line.category_id] = line.amount
        elif line.month == 0:
            row.year = line.amount
        else:
            row.months[line.month - 1] = line.amount
    return sorted(rows.values(), key=lambda r: (r.salesperson_id, Measure.values.index(r.measure)))
