"""The generator's department part: targets, work logs, reports, plans, meetings, scorecards,
attendance and the duty rota, for every department and salesperson the org part made.

What the demo already loaded for its own people (sales1, sales2, head: a year of logs and
reports, this year's targets and the last quarter's scorecards) is kept, and the generated rows
skip those (person, period) pairs. Figures frozen in reports and scorecards are computed from
the generated orders and collections with a few aggregate queries; scorecards are scored by
the pure engine (fieldsales.scoring) in memory with the parameters in force at each quarter's
end. The logs' frozen facts are left empty (the day's visits would have to be gathered row by
row); their text, dates, due times and lateness are real.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, time, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from fieldsales.core.workdays import working_days
from fieldsales.crm.models import Visit
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.selling import Clock, at, explicit_times, money
from fieldsales.department.attendance.models import ClockImport, ClockNumber, ClockRecord
from fieldsales.department.duty.models import DutyShift
from fieldsales.department.meetings.models import Meeting, MeetingAttendee, MeetingStatus
from fieldsales.department.plans.models import Plan, PlanKind, PlanStatus
from fieldsales.department.reports import periods
from fieldsales.department.reports.models import (
    DepartmentMonthlyReport,
    ReportStatus,
    SalesReport,
)
from fieldsales.department.scorecards.models import Scorecard, ScorecardStatus
from fieldsales.department.scorecards.quarters import Quarter, last_complete
from fieldsales.department.targets.models import (
    Measure,
    Target,
    TargetLevel,
    TargetLine,
    TargetStatus,
)
from fieldsales.department.versions import department_params_on
from fieldsales.department.worklogs.due import DueTimes
from fieldsales.department.worklogs.facts import empty, with_totals
from fieldsales.department.worklogs.models import WorkLog, WorkLogComment, WorkLogStatus
from fieldsales.org.models import Team, TeamKind
from fieldsales.sales.orders.models import SIGNED_OR_LATER, Collection, Installment, Order
from fieldsales.scoring import Facts, FactsError, Incidents, evaluate, scorecard_as_dict

SEASON = (5, 5, 8, 8, 9, 10, 9, 8, 8, 9, 10, 11)
LOG_MONTHS = 12  # months of daily logs before today
REPORT_WEEKS = 12
REPORT_MONTHS = 12
MEETING_WEEKS = 12
SCORED_QUARTERS = 4
CLOCK_DAYS = 61
DONE = (
    "上午拜访客户，介绍新款组件并留下资料；下午整理客户档案。",
    "电话回访三家老客户，了解使用情况。",
    "陪同技术部现场勘察屋顶，记录安装条件。",
    "与客户洽谈合同条款，对付款方式达成初步一致。",
    "整理本周报价，跟进询价单。",
)
PROBLEMS = ("", "", "客户对价格较敏感，希望再让利。", "客户资金紧张，付款可能推迟。")
PLANS = ("拜访重点客户，递交正式报价。", "跟进合同审核进度。", "整理回款计划，催收到期款项。")
COMMENTS = ("很好，继续跟进。", "注意回款节点，月底前落实。", "下次拜访带上技术方案。")
TOPICS = (
    "本周拜访复盘与下周重点",
    "回款节点的合同写法",
    "逆变器选型与并网验收",
    "储能项目报价要点",
)


def generate(ctx: Context) -> None:
    people = [u.pk for u in ctx.salespeople]
    clock = Clock(ctx)
    figures = Figures(ctx, people)
    clock("figures")
    steps = (
        ("targets", lambda: _targets(ctx, people, figures)),
        ("logs", lambda: _worklogs(ctx, people)),
        ("reports", lambda: _reports(ctx, people, figures)),
        ("plans", lambda: _plans(ctx)),
        ("meetings", lambda: _meetings(ctx, people)),
        ("scorecards", lambda: _scorecards(ctx, people, figures)),
        ("clock records", lambda: _attendance(ctx, people)),
        ("duty shifts", lambda: _duty(ctx)),
    )
    counts = {}
    for name, step in steps:
        counts[name] = step()
        clock(name)
    ctx.log("    " + ", ".join(f"{n} {k}" for k, n in counts.items()))


def _month_amounts(amount: Decimal) -> list[Decimal]:
    weight = sum(SEASON)
    months = [(amount * w / weight).quantize(Decimal("0.01"), ROUND_DOWN) for w in SEASON]
    months[-1] += amount - sum(months)
    return months


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
            "percent": _percent(sales, target),
            "collected": f"{self.money_between(self.collected[person], start, end):.2f}",
            "new_customers": 0,
            "visits": int(self.between(self.visits[person], start, end)),
            "quotes": 0,
            "orders": int(self.between(self.orders[person], start, end)),
            "mtd_target": f"{mtd_target:.2f}",
            "mtd_sales": f"{mtd_sales:.2f}",
            "mtd_percent": _percent(mtd_sales, mtd_target),
            "mtd_collected": f"{self.money_between(self.collected[person], month, end):.2f}",
        }


def _percent(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(Decimal('0.1')) if whole else Decimal('0.0')}"


# ---------------------------------------------------------------- targets


def _yearly_target(rng: Any, figures: Figures, person: int, today: date) -> Decimal:
    """A year's sales target near what the person signed in the last twelve months (85–125 %,
    to the ten thousand), so the scorecards spread over the grades; 1.5–4 million yuan for a
    person who signed nothing."""
    signed = figures.money_between(figures.sales[person], today - timedelta(days=365), today)
    if signed <= 0:
        return money(rng.randint(150, 400) * 10_000)
    wanted = signed * Decimal(str(rng.uniform(0.85, 1.25)))
    return money(max(1, round(wanted / 10_000)) * 10_000)


def _targets(ctx: Context, people: list[int], figures: Figures) -> int:
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


def _load_targets(figures: Figures, ctx: Context) -> None:
    for person, year, month, amount in TargetLine.objects.filter(
        measure=Measure.SALES,
        month__gt=0,
        target__status=TargetStatus.APPROVED,
        target__year__gte=ctx.today.year - 1,
    ).values_list("salesperson_id", "target__year", "month", "amount"):
        figures.targets[(person, year, month)] = amount


# ---------------------------------------------------------------- logs


def _worklogs(ctx: Context, people: list[int]) -> int:
    """D3: a log for each working day of the last months, a few missing, a few late, some
    commented by the head the next morning."""
    rng = ctx.rng
    today = ctx.today
    start, end = today - timedelta(days=30 * LOG_MONTHS), today - timedelta(days=1)
    with_logs = set(WorkLog.objects.values_list("person_id", flat=True).distinct())
    dues = DueTimes(end)
    days = [(d, dues.due_at(d)) for d in working_days(start, end)]
    facts = with_totals(empty())
    logs = []
    for person in people:
        if person in with_logs:
            continue
        for day, due in days:
            if rng.random() < 0.04:
                continue
            late = rng.random() < 0.05
            submitted = (
                due + timedelta(hours=rng.randint(1, 6))
                if late
                else at(day, 17 + rng.randint(0, 3), rng.randrange(60))
            )
            logs.append(
                WorkLog(
                    person_id=person,
                    department_id=ctx.department_of[person],
                    day=day,
                    status=WorkLogStatus.SUBMITTED,
                    done=ctx.pick(DONE),
                    problems=ctx.pick(PROBLEMS),
                    plan=ctx.pick(PLANS),
                    facts=facts,
                    submitted_at=submitted,
                    due_at=due,
                    late=late,
                    created_at=submitted,
                    updated_at=submitted,
                )
            )
    with explicit_times(WorkLog):
        logs = ctx.bulk(WorkLog, logs)
    comments = [
        WorkLogComment(
            log_id=log.pk,
            author=ctx.heads[log.department_id],
            text=ctx.pick(COMMENTS),
            created_at=log.submitted_at + timedelta(hours=15),
        )
        for log in logs
        if rng.random() < 0.08
    ]
    with explicit_times(WorkLogComment):
        ctx.bulk(WorkLogComment, comments)
    return len(logs)


# ---------------------------------------------------------------- reports


def _reports(ctx: Context, people: list[int], figures: Figures) -> int:
    """D4: weekly and monthly reports for the past weeks and months (submitted, most on time,
    most commented), this period's as a draft; each department's monthly report."""
    rng = ctx.rng
    today = ctx.today
    _load_targets(figures, ctx)
    params = department_params_on(today)
    have = set(SalesReport.objects.values_list("kind", "salesperson_id", "period_start"))
    starts = {"weekly": [periods.week_start(today)], "monthly": [periods.month_start(today)]}
    for kind, n in (("weekly", REPORT_WEEKS), ("monthly", REPORT_MONTHS)):
        for _i in range(n):
            starts[kind].append(periods.previous_period(kind, starts[kind][-1]))
    reports = []
    for person in people:
        head = ctx.heads[ctx.department_of[person]]
        for kind, kind_starts in starts.items():
            for start in kind_starts:
                if (kind, person, start) in have:
                    continue
                _s, end = periods.period_of(kind, start)
                due = timezone.make_aware(periods.due_on(kind, start, params))
                report = SalesReport(
                    kind=kind,
                    salesperson_id=person,
                    department_id=ctx.department_of[person],
                    period_start=start,
                    period_end=end,
                    status=ReportStatus.DRAFT,
                    figures=figures.of(person, start, min(end, today)),
                    work=[],
                    problems=ctx.pick(PROBLEMS),
                    plan=[{"content": "回访重点客户", "outcome": "了解需求", "due": None}],
                    plan_check=[],
                    due_at=due,
                    created_at=at(start, 9),
                    updated_at=at(start, 9),
                )
                if due < at(today, 0):
                    late = rng.random() < 0.07
                    report.submitted_at = due + (
                        timedelta(hours=5) if late else -timedelta(hours=16)
                    )
                    report.late = late
                    report.status = ReportStatus.SUBMITTED
                    if rng.random() < 0.7:
                        report.status = ReportStatus.COMMENTED
                        report.comment = ctx.pick(COMMENTS)
                        report.commented_by = head
                        report.commented_at = report.submitted_at + timedelta(hours=20)
                    report.updated_at = report.commented_at or report.submitted_at
                reports.append(report)
    with explicit_times(SalesReport):
        ctx.bulk(SalesReport, reports)
    have_department = set(
        DepartmentMonthlyReport.objects.values_list("department_id", "period_start")
    )
    members: dict[int, list[int]] = defaultdict(list)
    for person in people:
        members[ctx.department_of[person]].append(person)
    names = {u.pk: u.first_name for u in ctx.salespeople}
    monthly = []
    for department in ctx.departments:
        for start in starts["monthly"][1:]:
            if (department.pk, start) in have_department:
                continue
            end = periods.month_end(start)
            rows = [
                {"id": p, "name": names.get(p, ""), **figures.of(p, start, end)}
                for p in members[department.pk]
            ]
            total = {
                key: f"{sum((Decimal(r[key]) for r in rows), Decimal('0.00')):.2f}"
                for key in (
                    "target",
                    "sales",
                    "collected",
                    "mtd_target",
                    "mtd_sales",
                    "mtd_collected",
                )
            }
            for key in ("new_customers", "visits", "quotes", "orders"):
                total[key] = sum(r[key] for r in rows)
            total["percent"] = _percent(Decimal(total["sales"]), Decimal(total["target"]))
            total["mtd_percent"] = total["percent"]
            submitted = at(end + timedelta(days=3), 10)
            monthly.append(
                DepartmentMonthlyReport(
                    department=department,
                    period_start=start,
                    period_end=end,
                    author=ctx.heads[department.pk],
                    status=ReportStatus.COMMENTED,
                    figures={"people": rows, "total": total},
                    summary=f"{start:%Y年%m月}：重点客户跟进顺利，新签合同见上表。",
                    problems="个别客户回款滞后，需财务配合对账。",
                    plan="下月重点：新客户开发；督促回款。",
                    submitted_at=submitted,
                    comment="同意，注意回款。",
                    commented_by=ctx.users["gm"],
                    commented_at=submitted + timedelta(days=1),
                    created_at=submitted,
                    updated_at=submitted + timedelta(days=1),
                )
            )
    with explicit_times(DepartmentMonthlyReport):
        ctx.bulk(DepartmentMonthlyReport, monthly)
    return len(reports) + len(monthly)


# ---------------------------------------------------------------- plans and meetings


def _plans(ctx: Context) -> int:
    """D2: each generated department's yearly work plan (approved by the GM) and its monthly
    plans for the last three months (approved)."""
    today = ctx.today
    have = set(Plan.objects.values_list("department_id", "kind", "period_start"))
    plans = []
    month = periods.month_start(today)
    wanted = [(PlanKind.YEARLY, date(today.year, 1, 1), date(today.year, 12, 31))]
    for _i in range(3):
        wanted.append((PlanKind.MONTHLY, month, periods.month_end(month)))
        month = periods.previous_period("monthly", month)
    for department in ctx.departments:
        head = ctx.heads[department.pk]
        for kind, start, end in wanted:
            if (department.pk, kind, start) in have:
                continue
            made = at(start - timedelta(days=3), 9)
            plans.append(
                Plan(
                    status=PlanStatus.APPROVED,
                    kind=kind,
                    period_start=start,
                    period_end=end,
                    department=department,
                    owner=head,
                    version=1,
                    goal="完成部门销售与回款目标",
                    strategy="重点客户深耕，新区域开发",
                    action_plan="每周例会复盘；每月走访重点客户",
                    note="生成的计划",
                    chain=[{"role": "gm", "user": None, "alternate": False}],
                    round=1,
                    submitted_at=made,
                    approved_at=made + timedelta(days=1),
                    created_at=made,
                    updated_at=made + timedelta(days=1),
                )
            )
    with explicit_times(Plan):
        ctx.bulk(Plan, plans)
    return len(plans)


def _meetings(ctx: Context, people: list[int]) -> int:
    """D5: each department's Saturday meeting for the past weeks, closed, with attendance."""
    rng = ctx.rng
    today = ctx.today
    have = set(Meeting.objects.values_list("department_id", "date"))
    saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    members: dict[int, list[int]] = defaultdict(list)
    for person in people:
        members[ctx.department_of[person]].append(person)
    meetings = []
    for week in range(MEETING_WEEKS):
        day = saturday - timedelta(weeks=week)
        for department in ctx.departments:
            if (department.pk, day) in have:
                continue
            head = ctx.heads[department.pk]
            meetings.append(
                Meeting(
                    department=department,
                    date=day,
                    status=MeetingStatus.CLOSED,
                    topic=ctx.pick(TOPICS),
                    notes="各业务员汇报上周拜访情况，经理逐一点评。",
                    decisions="下周重点客户由经理陪同拜访；周五前提交周报。",
                    opened_by=head,
                    closed_by=head,
                    closed_at=at(day, 12),
                    created_at=at(day, 8, 30),
                    updated_at=at(day, 12),
                )
            )
    with explicit_times(Meeting):
        meetings = ctx.bulk(Meeting, meetings)
    attendees = []
    for meeting in meetings:
        for order, person in enumerate(members[meeting.department_id], start=1):
            present = rng.random() > 0.05
            attendees.append(
                MeetingAttendee(
                    meeting_id=meeting.pk,
                    user_id=person,
                    present=present,
                    absence_note="" if present else "外出拜访客户",
                    has_section=present,
                    order=order,
                )
            )
    ctx.bulk(MeetingAttendee, attendees)
    return len(meetings)


# ---------------------------------------------------------------- scorecards


def _scorecards(ctx: Context, people: list[int], figures: Figures) -> int:
    """D6: the past quarters' scorecards, approved, their facts from the generated orders and
    collections and their result from the pure engine (the parameters at the quarter's end)."""
    rng = ctx.rng
    gm = ctx.users["gm"]
    have = set(Scorecard.objects.values_list("salesperson_id", "year", "quarter"))
    quarter = last_complete(ctx.today)
    quarters = []
    for _i in range(SCORED_QUARTERS):
        quarters.append(quarter)
        quarter = _previous(quarter)
    cards = []
    for quarter in quarters:
        params = department_params_on(quarter.end).scoring
        last = quarter.last_year()
        for person in people:
            if (person, quarter.year, quarter.number) in have:
                continue
            target = figures.target(person, quarter.start, quarter.end)
            if target <= 0:
                continue
            points = Decimal(rng.randint(5, 10))
            facts = {
                "quarter": quarter.label,
                "sales": f"{figures.money_between(figures.sales[person], quarter.start, quarter.end):.2f}",
                "sales_target": f"{target:.2f}",
                "sales_last_year": f"{figures.money_between(figures.sales[person], last.start, last.end):.2f}",
                "collected": f"{figures.money_between(figures.collected[person], quarter.start, quarter.end):.2f}",
                "due": f"{figures.money_between(figures.due[person], quarter.start, quarter.end):.2f}",
                "new_customers": rng.randint(0, 5),
                "satisfaction": [rng.randint(3, 5) for _i in range(rng.randint(2, 5))],
                "expenses": f"{money(rng.uniform(500, 8000)):.2f}",
                "incidents": {
                    "late_reports": rng.randint(0, 2),
                    "absent_days": 0,
                    "missing_logs": rng.randint(0, 3),
                    "missed_duty": 0,
                },
                "manager_points": f"{points:.2f}",
            }
            result, unscorable = _score(facts, params)
            gathered = at(quarter.end + timedelta(days=3), 9)
            head = ctx.heads[ctx.department_of[person]]
            cards.append(
                Scorecard(
                    salesperson_id=person,
                    department_id=ctx.department_of[person],
                    year=quarter.year,
                    quarter=quarter.number,
                    status=ScorecardStatus.APPROVED,
                    facts=facts,
                    result=result,
                    unscorable=unscorable,
                    total=Decimal(result["total"]) if result else None,
                    grade=result["grade"] if result else "",
                    manager_points=points,
                    comment="完成情况良好，继续保持。",
                    reviewed_by=head,
                    reviewed_at=gathered + timedelta(days=2),
                    submitted_at=gathered + timedelta(days=2),
                    acknowledged_at=gathered + timedelta(days=3),
                    approved_by=gm,
                    approved_at=gathered + timedelta(days=5),
                    gathered_at=gathered,
                    created_at=gathered,
                    updated_at=gathered + timedelta(days=5),
                )
            )
    with explicit_times(Scorecard):
        ctx.bulk(Scorecard, cards)
    return len(cards)


def _previous(quarter: Quarter) -> Quarter:
    if quarter.number == 1:
        return Quarter(quarter.year - 1, 4)
    return Quarter(quarter.year, quarter.number - 1)


def _score(facts: dict[str, Any], params: Any) -> tuple[dict[str, Any] | None, str]:
    """engine.score without its parameter query (the caller has them)."""
    try:
        card = evaluate(
            Facts(
                quarter=facts["quarter"],
                sales=Decimal(facts["sales"]),
                sales_target=Decimal(facts["sales_target"]),
                sales_last_year=Decimal(facts["sales_last_year"]),
                collected=Decimal(facts["collected"]),
                due=Decimal(facts["due"]),
                new_customers=int(facts["new_customers"]),
                satisfaction=tuple(facts["satisfaction"]),
                expenses=Decimal(facts["expenses"]),
                incidents=Incidents(**facts["incidents"]),
                manager_points=Decimal(facts["manager_points"]),
            ),
            params,
        )
    except FactsError as error:
        return None, str(error)[:300]
    result = scorecard_as_dict(card)
    for line in result.get("indicators", []):
        scored = card.indicator(line["key"])
        for name in ("target", "actual"):
            if name not in line:
                value = getattr(scored, name)
                line[name] = None if value is None else str(value)
    return result, ""


# ---------------------------------------------------------------- attendance and duty


def _attendance(ctx: Context, people: list[int]) -> int:
    """D8: clock numbers, and two months of clock-ins and -outs imported in one batch."""
    rng = ctx.rng
    today = ctx.today
    numbered = set(ClockNumber.objects.values_list("person_id", flat=True))
    ctx.bulk(
        ClockNumber,
        (
            ClockNumber(person_id=p, number=f"G{p:06d}")
            for p in people + [h.pk for h in ctx.heads.values()]
            if p not in numbered
        ),
    )
    clocked = set(ClockRecord.objects.values_list("person_id", flat=True).distinct())
    first, last = today - timedelta(days=CLOCK_DAYS), today - timedelta(days=1)
    days = list(working_days(first, last))
    head = ctx.users["head"]
    content = "工号,日期,时间\r\n（生成数据）\r\n".encode()
    batch = ClockImport(
        uploaded_by=head,
        filename="考勤机导出-生成.csv",
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        status="confirmed",
        first_day=first,
        last_day=last,
        confirmed_at=at(today, 8),
        created_at=at(today, 8),
    )
    records = []
    for person in people:
        if person in clocked:
            continue
        for day in days:
            if rng.random() < 0.03:
                continue
            morning = time(8, rng.randint(20, 59), rng.randint(0, 59))
            if rng.random() < 0.04:
                morning = time(9, rng.randint(1, 40), rng.randint(0, 59))
            evening = time(17, rng.randint(30, 59), rng.randint(0, 59))
            records.append((person, day, morning))
            records.append((person, day, evening))
    batch.rows_total = batch.rows_added = len(records)
    with explicit_times(ClockImport, ClockRecord):
        (batch,) = ctx.bulk(ClockImport, [batch])
        ctx.bulk(
            ClockRecord,
            (
                ClockRecord(person_id=p, day=d, time=t, batch=batch, created_at=at(today, 8))
                for p, d, t in records
            ),
        )
    return len(records)


def _duty(ctx: Context) -> int:
    """D7: each generated department's duty rota a month back and a month ahead, on the duty
    weekdays, rotating through its salespeople; the past ones mostly done."""
    rng = ctx.rng
    today = ctx.today
    weekdays = set(department_params_on(today).duty_weekdays)
    have = set(DutyShift.objects.values_list("department_id", "day"))
    teams = {t.department_id: t.pk for t in Team.objects.filter(kind=TeamKind.SALES)}
    members: dict[int, list[int]] = defaultdict(list)
    for person in (u.pk for u in ctx.salespeople):
        members[ctx.department_of[person]].append(person)
    shifts = []
    for department in ctx.departments:
        people = members[department.pk]
        if not people or any(d == department.pk for d, _day in have):
            continue
        head = ctx.heads[department.pk]
        for n, offset in enumerate(range(-30, 31)):
            day = today + timedelta(days=offset)
            if day.weekday() not in weekdays:
                continue
            done = day < today and rng.random() < 0.95
            shifts.append(
                DutyShift(
                    department=department,
                    day=day,
                    team_id=teams.get(department.pk),
                    person_id=people[n % len(people)],
                    done_at=at(day, 18) if done else None,
                    created_by=head,
                    created_at=at(today - timedelta(days=31), 9),
                    updated_at=at(day, 18) if done else at(today - timedelta(days=31), 9),
                )
            )
    with explicit_times(DutyShift):
        ctx.bulk(DutyShift, shifts)
    return len(shifts)
