"""D12: every chart's numbers equal independent sums over the rows themselves (plain ORM and
Python here, not the dashboard's queries), for the GM, the head and a salesperson."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from dashboard_support import YEAR, build
from django.db.models import Sum
from django.utils import timezone
from targets_support import approved_split, publish_company

from fieldsales.crm.pipeline.models import Opportunity, StageChange
from fieldsales.crm.visits.models import Visit
from fieldsales.sales.orders.models import Collection, Installment, Order, OrderStatus
from fieldsales.trips.models import Claim

ZERO = Decimal("0.00")
STAGES = ["lead_found", "contacted", "needs_understood", "contract_signed", "in_execution"]
NOT_SIGNED = [
    OrderStatus.DRAFT,
    OrderStatus.SUBMITTED,
    OrderStatus.APPROVED,
    OrderStatus.CANCELLED,
]
if hasattr(OrderStatus, "REJECTED"):
    NOT_SIGNED.append(OrderStatus.REJECTED)


@pytest.fixture
def data(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)
    other = build(cast)
    return {"other": other, "department": sales_department}


def people_of(cast, who, data):
    """The user ids whose rows the viewer's dashboard counts (by hand)."""
    if who in ("gm", "finance"):
        return None
    if who == "head":
        department = data["department"]
        return {u.pk for u in cast.values() if u.employee.department_id == department.pk}
    return {cast[who].pk}


def get(api, who, period):
    answer = api(who).get(f"/api/dashboard/?period={period}")
    assert answer.status_code == 200, answer.content
    return answer.json()


def signed(people):
    rows = Order.objects.exclude(status__in=NOT_SIGNED).filter(signed_on__isnull=False)
    return rows if people is None else rows.filter(salesperson_id__in=people)


def money(value):
    return f"{(value or ZERO):.2f}"


@pytest.mark.parametrize("who", ["gm", "head", "sales1"])
@pytest.mark.parametrize("period,start,end", [("2027-03", 3, 3), ("2027-Q1", 1, 3)])
def test_d12_target_vs_actual_is_d1s_progress_for_the_period(
    api, cast, data, who, period, start, end
):
    body = get(api, who, period)
    first = date(YEAR, start, 1)
    last = date(YEAR, end, 28) + timedelta(days=4)
    last = last - timedelta(days=last.day)
    people = people_of(cast, who, data)
    sales = signed(people).filter(signed_on__gte=first, signed_on__lte=last)
    collections = Collection.objects.filter(voided_at__isnull=True, date__gte=first, date__lte=last)
    if people is not None:
        collections = collections.filter(order__salesperson_id__in=people)
    row = body["targets"][0]
    assert row["sales"]["actual"] == money(sales.aggregate(t=Sum("total"))["t"])
    assert row["collections"]["actual"] == money(collections.aggregate(t=Sum("amount"))["t"])
    if who == "sales1":  # 600,000.00 a year, 50,000.00 a month
        months = end - start + 1
        assert row["sales"]["target"] == money(Decimal("50000.00") * months)
        actual = Decimal(row["sales"]["actual"])
        expected = (actual * 100 / (Decimal("50000") * months)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        assert row["sales"]["percent"] == f"{expected:.1f}"
    if who == "head":  # the department, then a row per person
        assert row["kind"] == "department"
        names = {r["name"] for r in body["targets"] if r["kind"] == "person"}
        assert cast["sales1"].first_name in "".join(names) or len(names) >= 2
    if who == "gm":
        assert row["kind"] == "company"


def reached(opportunity, index):
    later = set(STAGES[index:]) | {"won"}
    moves = set(
        StageChange.objects.filter(opportunity=opportunity).values_list("to_stage", flat=True)
    )
    return opportunity.stage in later or bool(moves & later)


@pytest.mark.parametrize("who", ["gm", "head", "sales1"])
def test_d12_funnel_counts_and_conversion_rates(api, cast, data, who):
    body = get(api, who, "2027-03")
    people = people_of(cast, who, data)
    opened = [
        o
        for o in Opportunity.objects.all()
        if date(YEAR, 3, 1) <= timezone.localdate(o.created_at) <= date(YEAR, 3, 31)
        and (people is None or o.owner_id in people)
    ]
    counts = [sum(1 for o in opened if reached(o, i)) for i in range(5)]
    assert [s["count"] for s in body["funnel"]["stages"]] == counts
    assert counts[0] > 0
    for i, stage in enumerate(body["funnel"]["stages"]):
        assert stage["stage"] == STAGES[i]
        if i == 0 or counts[i - 1] == 0:
            assert stage["rate"] is None
        else:
            rate = (Decimal(counts[i]) * 100 / counts[i - 1]).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
            assert stage["rate"] == f"{rate:.1f}"
    if who == "gm":
        assert counts == [5, 4, 2, 1, 0]


@pytest.mark.parametrize("who", ["gm", "head", "sales1"])
def test_d12_collection_rate_trend_month_by_month(api, cast, data, who):
    body = get(api, who, "2027-03")
    people = people_of(cast, who, data)
    orders = signed(people)
    months = body["collection_rate"]
    assert len(months) == 12
    assert months[0]["month"] == "2026-04" and months[-1]["month"] == "2027-03"
    for row in months:
        year, month = map(int, row["month"].split("-"))
        due = Installment.objects.filter(
            order__in=orders, due__year=year, due__month=month
        ).aggregate(t=Sum("amount"))["t"]
        paid = Collection.objects.filter(
            order__in=orders, voided_at__isnull=True, date__year=year, date__month=month
        ).aggregate(t=Sum("amount"))["t"]
        assert row["due"] == money(due)
        assert row["collected"] == money(paid)
        if due:
            rate = (paid or ZERO) * 100 / due
            assert row["rate"] == f"{rate.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):.1f}"
        else:
            assert row["rate"] is None
    march = months[-1]
    if who == "gm":  # 40,000 + 45,000.50 + 70,000 due; 30,000 + 10,000 collected
        assert (march["due"], march["collected"], march["rate"]) == (
            "155000.50",
            "40000.00",
            "25.8",
        )


def bucket(days):
    return "1-30" if days <= 30 else "31-60" if days <= 60 else "61-90" if days <= 90 else ">90"


@pytest.mark.parametrize("who", ["gm", "head", "sales1", "sales2"])
def test_d12_aging_buckets_of_overdue_installments(api, cast, data, who):
    body = get(api, who, "2027-03")
    today = timezone.localdate()
    people = people_of(cast, who, data)
    expected = defaultdict(lambda: ZERO)
    for row in Installment.objects.filter(order__in=signed(people)):
        days = (today - row.due).days
        if days > 0 and row.collected < row.amount:
            expected[bucket(days)] += row.amount - row.collected
    got = {b["code"]: b["amount"] for b in body["aging"]["buckets"]}
    assert got == {code: money(expected[code]) for code in ("1-30", "31-60", "61-90", ">90")}
    assert body["aging"]["total"] == money(sum(expected.values(), ZERO))
    if who == "gm":
        assert got == {
            "1-30": "1000.00",
            "31-60": "5000.00",
            "61-90": "2800.00",
            ">90": "3000.00",
        }
    if who == "head":  # a row per person, adding up to the total
        rows = body["aging"]["people"]
        assert {r["id"] for r in rows} == {cast["sales1"].pk, cast["sales2"].pk}
        assert sum(Decimal(r["total"]) for r in rows) == Decimal(body["aging"]["total"])
    else:
        assert body["aging"]["people"] == []


@pytest.mark.parametrize("who", ["gm", "head", "sales1"])
def test_d12_visits_made_per_week(api, cast, data, who):
    body = get(api, who, "2027-03")
    people = people_of(cast, who, data)
    weeks = body["visits"]["weeks"]
    assert weeks == ["2027-03-01", "2027-03-08", "2027-03-15", "2027-03-22", "2027-03-29"]
    expected = [0] * len(weeks)
    for v in Visit.objects.filter(check_in_at__isnull=False, date__year=YEAR, date__month=3):
        if people is None or v.salesperson_id in people:
            monday = v.date - timedelta(days=v.date.weekday())
            expected[weeks.index(monday.isoformat())] += 1
    assert body["visits"]["counts"] == expected
    if who == "gm":
        assert expected == [3, 1, 0, 0, 1]
    if who == "head":
        by_person = {r["id"]: r["counts"] for r in body["visits"]["people"]}
        assert by_person[cast["sales1"].pk] == [2, 1, 0, 0, 0]
        assert by_person[cast["sales2"].pk] == [0, 0, 0, 0, 1]


@pytest.mark.parametrize("who", ["gm", "head", "sales1"])
def test_d12_trip_cost_per_signed_order(api, cast, data, who):
    body = get(api, who, "2027-03")
    people = people_of(cast, who, data)
    claims = Claim.objects.filter(
        status__in=["approved", "settled"],
        trip__return_date__gte=date(YEAR, 3, 1),
        trip__return_date__lte=date(YEAR, 3, 31),
    )
    if people is not None:
        claims = claims.filter(claimant_id__in=people)
    cost = claims.aggregate(t=Sum("reimbursed_total"))["t"] or ZERO
    orders = (
        signed(people).filter(signed_on__gte=date(YEAR, 3, 1), signed_on__lte=date(YEAR, 3, 31))
    ).count()
    trip = body["trip_cost"]
    assert cost > 0
    assert trip["cost"] == money(cost)
    assert trip["orders"] == orders
    expected = (cost / orders).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if orders else None
    assert trip["per_order"] == (None if expected is None else money(expected))
    if who == "head":  # sales2 claimed but signed nothing in March: no quotient
        mine = {r["id"]: r for r in trip["people"]}
        assert mine[cast["sales2"].pk]["orders"] == 0
        assert mine[cast["sales2"].pk]["per_order"] is None


def test_d12_a_corrected_claim_counts_once_its_correction_is_approved(api, cast, data):
    from factories import approve_through_chain

    from fieldsales.trips import services as trip_services

    before = get(api, "gm", "2027-03")["trip_cost"]["cost"]
    original = Claim.objects.filter(claimant=cast["sales1"], status="approved").first()
    correction = trip_services.claim_correct(claim=original, actor=cast["sales1"])
    trip_services.claim_submit(claim=correction, actor=cast["sales1"])
    assert get(api, "gm", "2027-03")["trip_cost"]["cost"] == before  # not yet approved
    approve_through_chain(
        correction, trip_services.claim_decide, claim=Claim.objects.get(pk=correction.pk)
    )
    correction.refresh_from_db()
    assert correction.status == "approved"
    expected = Decimal(before) - original.reimbursed_total + correction.reimbursed_total
    assert get(api, "gm", "2027-03")["trip_cost"]["cost"] == money(expected)


@pytest.mark.parametrize("who", ["gm", "head", "sales1"])
def test_d12_overdue_counts(api, cast, data, who):
    body = get(api, who, "2027-03")
    today = timezone.localdate()
    people = people_of(cast, who, data)
    late = [
        i
        for i in Installment.objects.filter(order__in=signed(people), due__lt=today)
        if i.collected < i.amount
    ]
    counts = {row["code"]: row for row in body["overdue"]}
    assert {"revisits", "installments", "trip_reports"} <= set(counts)
    assert counts["installments"]["count"] == len(late)
    assert counts["installments"]["url"] == "/sales/receivables/"
    from fieldsales.crm.visits.selectors import overdue_revisits
    from fieldsales.trips.selectors import overdue_reports

    assert counts["revisits"]["count"] == len(overdue_revisits(user=cast[who], today=today))
    assert counts["trip_reports"]["count"] == overdue_reports(user=cast[who]).count()
