"""D1, targets: this year's and last year's company target and each department's split over
its salespeople by month, near what each person actually signed."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from fieldsales.demo.generate import Context
from fieldsales.demo.generate.department.figures import Figures
from fieldsales.demo.generate.selling import at, explicit_times, money
from fieldsales.department.targets.models import (
    Measure,
    Target,
    TargetLevel,
    TargetLine,
    TargetStatus,
)

SEASON = (5, 5, 8, 8, 9, 10, 9, 8, 8, 9, 10, 11)


def _month_amounts(amount: Decimal) -> list[Decimal]:
    weight = sum(SEASON)
    months = [(amount * w / weight).quantize(Decimal("0.01"), ROUND_DOWN) for w in SEASON]
    months[-1] += amount - sum(months)
    return months


def _yearly_target(rng: Any, figures: Figures, person: int, today: date) -> Decimal:
    """A year's sales target near what the person signed in the last twelve months (85–125 %,
    to the ten thousand), so the scorecards spread over the grades; 1.5–4 million yuan for a
    person who signed nothing."""
    signed = figures.money_between(figures.sales[person], today - timedelta(days=365), today)
    if signed <= 0:
        return money(rng.randint(150, 400) * 10_000)
    wanted = signed * Decimal(str(rng.uniform(0.85, 1.25)))
    return money(max(1, round(wanted / 10_000)) * 10_000)


def generate(ctx: Context, people: list[int], figures: Figures) -> int:
    """D1: this year's and last year's company target (published) and each department's split
    over its salespeople by month (approved by the GM). The demo's own versions are kept and
    the generated departments and people are added to them."""
    rng = ctx.rng
    gm = ctx.users["gm"]
    by_department: dict[int, list[int]] = defaultdict(list)
    for person in people:
        by_department[ctx.department_of[person]].append(person)
    existing_lines = {
        (t, p, m)
        for t, p, m in TargetLine.objects.values_list("target_id", "salesperson_id", "measure")
    }
    made = 0
    for year in (ctx.today.year - 1, ctx.today.year):
        signed = at(date(year - 1, 12, 20))
        company = Target.objects.filter(
            year=year, level=TargetLevel.COMPANY, status=TargetStatus.APPROVED
        ).first()
        splits = {
            t.department_id: t
            for t in Target.objects.filter(
                year=year, level=TargetLevel.DEPARTMENT, status=TargetStatus.APPROVED
            )
        }
        amounts: dict[int, dict[int, tuple[Decimal, Decimal]]] = {}
        for department, members in by_department.items():
            amounts[department] = {}
            for person in members:
                sales = _yearly_target(rng, figures, person, ctx.today)
                amounts[department][person] = (sales, money(sales * Decimal("0.8")))
        new_targets = []
        if company is None:
            company = Target(
                status=TargetStatus.APPROVED,
                year=year,
                level=TargetLevel.COMPANY,
                created_by=gm,
                approved_at=signed,
                created_at=signed,
                updated_at=signed,
            )
            new_targets.append(company)
        for department in amounts:
            if department not in splits:
                head = ctx.heads[department]
                splits[department] = Target(
                    status=TargetStatus.APPROVED,
                    year=year,
                    level=TargetLevel.DEPARTMENT,
                    department_id=department,
                    created_by=head,
                    chain=[{"role": "gm", "user": None, "alternate": False}],
                    round=1,
                    submitted_at=signed,
                    approved_at=signed + timedelta(days=2),
                    created_at=signed,
                    updated_at=signed + timedelta(days=2),
                )
                new_targets.append(splits[department])
        with explicit_times(Target):
            ctx.bulk(Target, new_targets)
        lines = []
        company_lines = set(
            TargetLine.objects.filter(target=company).values_list("department_id", flat=True)
        )
        for department, members in amounts.items():
            split = splits[department]
            added = [
                (p, a)
                for p, a in members.items()
                if (split.pk, p, Measure.SALES) not in existing_lines
            ]
            for person, (sales, collections) in added:
                for measure, amount in ((Measure.SALES, sales), (Measure.COLLECTIONS, collections)):
                    lines.append(
                        TargetLine(
                            target=split, measure=measure, salesperson_id=person, amount=amount
                        )
                    )
                    for month, part in enumerate(_month_amounts(amount), start=1):
                        lines.append(
                            TargetLine(
                                target=split,
                                measure=measure,
                                salesperson_id=person,
                                month=month,
                                amount=part,
                            )
                        )
            split.sales_total += sum((a[0] for _p, a in added), Decimal("0.00"))
            split.collections_total += sum((a[1] for _p, a in added), Decimal("0.00"))
            if department not in company_lines:
                lines += [
                    TargetLine(
                        target=company,
                        measure=measure,
                        department_id=department,
                        amount=sum((a[i] for a in members.values()), Decimal("0.00")),
                    )
                    for i, measure in enumerate((Measure.SALES, Measure.COLLECTIONS))
                ]
                company.sales_total += sum((a[0] for a in members.values()), Decimal("0.00"))
                company.collections_total += sum((a[1] for a in members.values()), Decimal("0.00"))
        ctx.bulk(TargetLine, lines)
        Target.objects.bulk_update(
            [company, *splits.values()], ["sales_total", "collections_total"]
        )
        made += len(lines)
    ctx.extra["targets"] = True
    return made
