"""Writes of targets (D1): the GM's company target, a department's split over people and
months, their life through the workflow machine, and 目标调整 as a new version. Keyword-only,
one transaction each; a split that does not add up is 400 naming the gap."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.department.targets import rules, selectors, splits
from fieldsales.department.targets.models import (
    OPEN,
    Measure,
    Target,
    TargetLevel,
    TargetLine,
    TargetStatus,
)
from fieldsales.department.targets.splits import MONTHS
from fieldsales.org.access import enforce
from fieldsales.org.models import Department, Employee
from fieldsales.sales.catalogue.models import ProductCategory

CENT = Decimal("0.01")
LIMIT = Decimal("9999999999.99")
YEARS = (2000, 2100)


def _money(value: Any, field: str) -> Decimal:
    """A non-negative amount to the fen (an API string or a page's typed text)."""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise RuleBroken(_("金额格式不对：%(v)s") % {"v": value}, field=field) from None
    if not amount.is_finite() or amount < 0 or amount > LIMIT:
        raise RuleBroken(_("金额须为非负数：%(v)s") % {"v": value}, field=field)
    if amount != amount.quantize(CENT):
        raise RuleBroken(_("金额精确到分：%(v)s") % {"v": value}, field=field)
    return amount.quantize(CENT)


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _gap_text(gap: Decimal) -> str:
    if gap >= 0:
        return _("差 %(gap)s") % {"gap": _yuan(gap)}
    return _("超出 %(gap)s") % {"gap": _yuan(-gap)}


def _gap_message(gap: splits.Gap) -> str:
    """D1's 400: what does not add up, both figures and the gap."""
    words = {
        "measure": Measure(gap.measure).label,
        "parts": _yuan(gap.parts),
        "whole": _yuan(gap.whole),
        "gap": _gap_text(gap.gap),
        "who": gap.who,
    }
    if gap.kind == "departments":
        text = _("D1 各部门%(measure)s合计 %(parts)s，公司目标 %(whole)s，%(gap)s")
    elif gap.kind == "people":
        text = _("D1 各销售员%(measure)s合计 %(parts)s，部门目标 %(whole)s，%(gap)s")
    elif gap.kind == "categories":
        text = _("D1 %(who)s %(measure)s 按产品类别合计 %(parts)s，全年 %(whole)s，%(gap)s")
    else:
        text = _("D1 %(who)s %(measure)s 12 个月合计 %(parts)s，全年 %(whole)s，%(gap)s")
    return text % words


def _refuse(gaps: list[splits.Gap], field: str) -> None:
    if gaps:
        raise RuleBroken("；".join(_gap_message(g) for g in gaps), field=field)


def _year(value: Any) -> int:
    if not isinstance(value, int) or not YEARS[0] <= value <= YEARS[1]:
        raise RuleBroken(
            _("年度须为 %(a)d–%(b)d 之间的整数") % dict(zip("ab", YEARS, strict=False)),
            field="year",
        )
    return value


# ---------------------------------------------------------------- checking a split


def _company_lines(data: dict[str, Any]) -> tuple[dict[str, Decimal], list[TargetLine]]:
    """The company totals and a line per department and measure; Σ departments = company."""
    totals = {m: _money(data.get(f"{m}_total", "0"), f"{m}_total") for m in Measure.values}
    rows = data.get("departments") or []
    if not isinstance(rows, list) or not rows:
        raise RuleBroken(_("请把公司目标分解到部门"), field="departments")
    known = Department.objects.in_bulk([r.get("department") for r in rows if isinstance(r, dict)])
    lines, seen = [], set()
    parts: dict[str, list[Decimal]] = {m: [] for m in Measure.values}
    for row in rows:
        department = known.get(row.get("department")) if isinstance(row, dict) else None
        if department is None:
            raise RuleBroken(_("部门不存在"), field="departments")
        if department.pk in seen:
            raise RuleBroken(
                _("部门 %(name)s 出现了两次") % {"name": department.name}, field="departments"
            )
        seen.add(department.pk)
        for measure in Measure.values:
            amount = _money(row.get(measure, "0"), "departments")
            parts[measure].append(amount)
            lines.append(TargetLine(measure=measure, department=department, amount=amount))
    _refuse(splits.departments_gaps(totals, parts), "departments")
    return totals, lines


def _categories(rows: Any) -> dict[int, Decimal]:
    """{product category id: amount}; each category once and existing."""
    if not isinstance(rows, list):
        raise RuleBroken(_("产品类别格式不对"), field="people")
    ids = [r.get("category") for r in rows if isinstance(r, dict)]
    known = set(
        ProductCategory.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]).values_list(
            "pk", flat=True
        )
    )
    result: dict[int, Decimal] = {}
    for row in rows:
        pk = row.get("category") if isinstance(row, dict) else None
        if pk not in known:
            raise RuleBroken(_("产品类别不存在"), field="people")
        if pk in result:
            raise RuleBroken(_("同一产品类别出现了两次"), field="people")
        result[pk] = _money(row.get("amount", "0"), "people")
    return result


def _department_totals(year: int, department: Department) -> dict[str, Decimal]:
    totals = selectors.department_totals(year=year, department_id=department.pk)
    if totals is None:
        raise RuleBroken(
            _("D1 %(year)d 年公司年度目标尚未下达，不能分解部门目标") % {"year": year},
            field="year",
        )
    return totals


def _people_lines(
    data: dict[str, Any], year: int, department: Department
) -> tuple[dict[str, Decimal], list[TargetLine]]:
    """A line per person, measure and month (0: the year); months add up to the year, people to
    the department's amounts on the company target in force."""
    totals = _department_totals(year, department)
    rows = data.get("people") or []
    if not isinstance(rows, list) or not rows:
        raise RuleBroken(_("请把部门目标分解到销售员"), field="people")
    members = {
        e.user_id: e for e in Employee.objects.filter(department=department).select_related("user")
    }
    lines, seen, gaps = [], set(), []
    parts: dict[str, list[Decimal]] = {m: [] for m in Measure.values}
    for row in rows:
        if not isinstance(row, dict):
            raise RuleBroken(_("格式不对"), field="people")
        member = members.get(row.get("salesperson"))
        if member is None:
            raise RuleBroken(_("销售员不属于本部门"), field="people")
        measure = row.get("measure")
        if measure not in Measure.values:
            raise RuleBroken(_("指标须为 sales 或 collections"), field="people")
        if (member.user_id, measure) in seen:
            raise RuleBroken(_("%(who)s 的同一指标出现了两次") % {"who": member}, field="people")
        seen.add((member.user_id, measure))
        months = row.get("months")
        if not isinstance(months, list) or len(months) != MONTHS:
            raise RuleBroken(_("每人每项指标须有 12 个月的金额"), field="people")
        year_amount = _money(row.get("year", "0"), "people")
        amounts = [_money(v, "people") for v in months]
        gap = splits.months_gap(measure, str(member), year_amount, amounts)
        if gap is not None:
            gaps.append(gap)
        by_category = _categories(row.get("categories") or [])
        if by_category and measure != Measure.SALES:
            raise RuleBroken(_("D1 按产品类别分解只用于签单额"), field="people")
        gap = splits.categories_gap(measure, str(member), year_amount, list(by_category.values()))
        if gap is not None:
            gaps.append(gap)
        parts[measure].append(year_amount)
        for month, amount in enumerate([year_amount, *amounts]):
            lines.append(
                TargetLine(measure=measure, salesperson=member.user, month=month, amount=amount)
            )
        lines += [
            TargetLine(measure=measure, salesperson=member.user, category_id=pk, amount=amount)
            for pk, amount in by_category.items()
        ]
    gaps += splits.people_gaps(totals, parts)
    _refuse(gaps, "people")
    return totals, lines


def _lines_for(
    level: str, data: dict[str, Any], year: int, department: Department | None
) -> tuple[dict[str, Decimal], list[TargetLine]]:
    if level == TargetLevel.COMPANY:
        return _company_lines(data)
    assert department is not None
    return _people_lines(data, year, department)


def _store(target: Target, totals: dict[str, Decimal], lines: list[TargetLine]) -> None:
    target.sales_total = totals[Measure.SALES]
    target.collections_total = totals[Measure.COLLECTIONS]
    target.save()
    target.lines.all().delete()
    for line in lines:
        line.target = target
    TargetLine.objects.bulk_create(lines)


# ---------------------------------------------------------------- creating and editing


def _key(data: dict[str, Any]) -> tuple[int, str, Department | None]:
    year = _year(data.get("year"))
    level = data.get("level")
    if level not in TargetLevel.values:
        raise RuleBroken(_("层级须为 company 或 department"), field="level")
    department = None
    if level == TargetLevel.DEPARTMENT:
        department = Department.objects.filter(pk=data.get("department")).first()
        if department is None:
            raise RuleBroken(_("部门不存在"), field="department")
    return year, level, department


@transaction.atomic
def target_create(*, actor: Any, data: dict[str, Any]) -> Target:
    """D1: version 1 of the year's company target (GM) or of a department's split (its head or
    manager); a later change is an adjustment (409 here)."""
    year, level, department = _key(data)
    enforce(
        rules.can_create(
            actor,
            company=level == TargetLevel.COMPANY,
            department_id=getattr(department, "pk", None),
        )
    )
    versions = Target.objects.filter(year=year, level=level, department=department)
    if versions.exclude(status=TargetStatus.CANCELLED).exists():
        raise InvalidTransition(
            _("%(year)d 年的目标已存在：修改请在原目标上提交目标调整") % {"year": year}
        )
    totals, lines = _lines_for(level, data, year, department)
    number = (versions.aggregate(m=Max("version"))["m"] or 0) + 1
    target = Target(year=year, level=level, department=department, version=number, created_by=actor)
    try:
        with transaction.atomic():
            _store(target, totals, lines)
    except IntegrityError:
        raise InvalidTransition(_("目标已由他人同时创建，请刷新")) from None
    audit(document=target, actor=actor, action="create", to_status=target.status)
    return target


def _with_stored(target: Target, data: dict[str, Any]) -> dict[str, Any]:
    """A partial edit: what it leaves out (the split, a total) stays as stored, and the whole
    is checked again."""
    data = dict(data)
    if target.is_company:
        data.setdefault("sales_total", target.sales_total)
        data.setdefault("collections_total", target.collections_total)
        if "departments" not in data:
            data["departments"] = [
                {"department": row["department"].pk, **{m: row[m] for m in Measure.values}}
                for row in selectors.department_rows(target)
            ]
    elif "people" not in data:
        data["people"] = [
            {
                "salesperson": r.salesperson_id,
                "measure": r.measure,
                "year": r.year,
                "months": r.months,
                "categories": [{"category": c, "amount": a} for c, a in r.categories.items()],
            }
            for r in selectors.person_rows(target)
        ]
    return data


@transaction.atomic
def target_update(*, target: Target, actor: Any, data: dict[str, Any]) -> Target:
    """Edit a draft or rejected version (its author); approved or submitted: 409."""
    target = Target.objects.select_for_update().get(pk=target.pk)
    enforce(rules.can_edit(actor, target))
    if "reason" in data:
        target.reason = str(data.get("reason") or "").strip()[:2000]
        if target.version > 1 and not target.reason:
            raise RuleBroken(_("请填写调整原因"), field="reason")
    totals, lines = _lines_for(
        target.level, _with_stored(target, data), target.year, target.department
    )
    _store(target, totals, lines)
    status = target.status
    audit(document=target, actor=actor, action="edit", from_status=status, to_status=status)
    return target


@transaction.atomic
def target_adjust(*, target: Target, actor: Any, reason: str) -> Target:
    """目标调整: a new draft version of the version in force, its lines copied, with a reason;
    the old version stays as it is until the new one is approved (then: superseded)."""
    target = Target.objects.select_for_update().get(pk=target.pk)
    enforce(rules.can_adjust(actor, target))
    reason = (reason or "").strip()
    if not reason:
        raise RuleBroken(_("请填写调整原因"), field="reason")
    versions = selectors.versions_of(target)
    if versions.filter(status__in=OPEN).exists():
        raise InvalidTransition(_("已有一个调整中的版本，请先处理它"))
    number = (versions.aggregate(m=Max("version"))["m"] or 0) + 1
    adjusted = Target.objects.create(
        year=target.year,
        level=target.level,
        department=target.department,
        version=number,
        previous=target,
        reason=reason[:2000],
        sales_total=target.sales_total,
        collections_total=target.collections_total,
        created_by=actor,
    )
    TargetLine.objects.bulk_create(
        TargetLine(
            target=adjusted,
            measure=line.measure,
            department_id=line.department_id,
            salesperson_id=line.salesperson_id,
            category_id=line.category_id,
            month=line.month,
            amount=line.amount,
        )
        for line in target.lines.all()
    )
    audit(
        document=adjusted, actor=actor, action="adjust", to_status=adjusted.status, comment=reason
    )
    return adjusted


# ---------------------------------------------------------------- its life


def _recheck(target: Target) -> None:
    """Before it takes effect: a department's split still adds up to the company target in
    force now (the company's may have been adjusted since the split was saved)."""
    if target.is_company:
        return
    assert target.department is not None
    totals = _department_totals(target.year, target.department)
    rows = selectors.person_rows(target)
    parts: dict[str, list[Decimal]] = {m: [] for m in Measure.values}
    for row in rows:
        parts[row.measure].append(row.year)
    _refuse(splits.people_gaps(totals, parts), "people")
    if totals != {Measure.SALES: target.sales_total, Measure.COLLECTIONS: target.collections_total}:
        Target.objects.filter(pk=target.pk).update(
            sales_total=totals[Measure.SALES], collections_total=totals[Measure.COLLECTIONS]
        )


def _supersede(document: Target, old: str) -> None:
    """The newly approved version takes over: the one in force before it is superseded."""
    if document.status != TargetStatus.APPROVED:
        return
    earlier = selectors.versions_of(document).filter(status=TargetStatus.APPROVED)
    for pk in earlier.exclude(pk=document.pk).values_list("pk", flat=True):
        workflow.apply(model=Target, pk=pk, actor=None, action="supersede")


def _checked(actor: Any, action: str) -> Any:
    def check(locked: Target) -> None:
        enforce(rules.can_take(actor, locked, action))
        if locked.version > 1 and not locked.reason.strip():
            raise RuleBroken(_("请填写调整原因"), field="reason")
        _recheck(locked)

    return check


def target_submit(*, target: Target, actor: Any) -> Target:
    """D1: a department's split to the GM."""
    return workflow.apply(
        model=Target, pk=target.pk, actor=actor, action="submit", before=_checked(actor, "submit")
    )


def target_publish(*, target: Target, actor: Any) -> Target:
    """D1: the GM's company target takes effect (the previous version is superseded)."""
    return workflow.apply(
        model=Target,
        pk=target.pk,
        actor=actor,
        action="publish",
        before=_checked(actor, "publish"),
        after=_supersede,
    )


def target_decide(*, target: Target, actor: Any, action: str, comment: str = "") -> Target:
    """D1: the GM approves a split (it takes effect, the previous version superseded) or sends
    it back with a comment."""
    if action not in ("approve", "reject"):
        raise RuleBroken(_("不支持的操作"), field="action")

    def check(locked: Target) -> None:
        if action == "approve":
            _recheck(locked)

    return workflow.apply(
        model=Target,
        pk=target.pk,
        actor=actor,
        action=action,
        comment=comment,
        before=check,
        after=_supersede,
    )


def target_withdraw(*, target: Target, actor: Any) -> Target:
    """The author takes a submitted split back before the GM decides."""
    return workflow.apply(model=Target, pk=target.pk, actor=actor, action="withdraw")


def target_cancel(*, target: Target, actor: Any) -> Target:
    """The author drops a draft or rejected version."""
    return workflow.apply(model=Target, pk=target.pk, actor=actor, action="cancel")
