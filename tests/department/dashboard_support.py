"""Data for the dashboard tests (D12): orders with installments and collections, opportunities
moved along the pipeline, visits made, reimbursed trip claims, for sales1, sales2 and a
salesperson of another department, in March 2027 (period 2027-03 / 2027-Q1 / 2027) and
around today (aging)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from factories import (
    ClaimFactory,
    CustomerFactory,
    OpportunityFactory,
    TripFactory,
    VisitFactory,
    department_with_head,
    user_with_role,
)

from fieldsales.crm.pipeline.models import Opportunity, Stage
from fieldsales.crm.pipeline.services import opportunity_move
from fieldsales.crm.visits.models import Visit, VisitStatus
from fieldsales.org.models import Role
from fieldsales.sales.orders.models import Collection, Installment, Order, OrderStatus
from fieldsales.trips.models import Trip

YEAR = 2027
SEQ = itertools.count(5000)


def aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def order(person, total, signed_on, *, status=OrderStatus.SIGNED, department=None):
    customer = CustomerFactory(actor=person)
    return Order.objects.create(
        status=status,
        year=(signed_on or date(YEAR, 1, 1)).year,
        seq=next(SEQ),
        customer=customer,
        salesperson=person,
        department=department or person.employee.department,
        total=Decimal(total),
        signed_on=signed_on,
        ordered_on=signed_on or date(YEAR, 1, 1),
    )


def installment(on, amount, due, collected="0.00", position=0):
    return Installment.objects.create(
        order=on,
        position=position,
        label=f"第{position + 1}期",
        amount=Decimal(amount),
        due=due,
        collected=Decimal(collected),
    )


def collect(finance, on, day, amount, *, voided=False):
    return Collection.objects.create(
        order=on,
        date=day,
        amount=Decimal(amount),
        method="transfer",
        recorded_by=finance,
        voided_at=timezone.now() if voided else None,
    )


def opportunity(person, created: date, path: list[str], lose: bool = False):
    opp = OpportunityFactory(customer=CustomerFactory(actor=person), actor=person)
    for stage in path:
        opportunity_move(opportunity=opp, actor=person, to_stage=stage, amount="1000")
    if lose:
        opportunity_move(opportunity=opp, actor=person, to_stage=Stage.LOST, reason="价格")
    Opportunity.objects.filter(pk=opp.pk).update(created_at=aware(created))
    return opp


def visit(person, day: date, *, made=True):
    v = VisitFactory(customer=CustomerFactory(actor=person), actor=person)
    fields = {"date": day}
    if made:
        fields |= {"status": VisitStatus.CHECKED_OUT, "check_in_at": aware(day)}
    Visit.objects.filter(pk=v.pk).update(**fields)
    return v


def reimbursed(person, returned: date, *, status="approved"):
    claim = ClaimFactory(trip=TripFactory(traveller=person, status="approved"), status=status)
    Trip.objects.filter(pk=claim.trip_id).update(
        depart=returned - timedelta(days=1), return_date=returned
    )
    claim.refresh_from_db()
    return claim


def other_department_salesperson():
    department = department_with_head(name="华南部")
    return user_with_role(Role.SALESPERSON, department=department, team=None)


def build(cast, *, scale: int = 1):
    """The data set; `scale` repeats it (the query-count test builds it at two sizes)."""
    s1, s2, finance = cast["sales1"], cast["sales2"], cast["finance"]
    today = timezone.localdate()
    other = other_department_salesperson()
    for _i in range(scale):
        a = order(s1, "120000.00", date(YEAR, 3, 5))
        installment(a, "40000.00", date(YEAR, 3, 20), "30000.00", 0)
        installment(a, "80000.00", date(YEAR, 4, 20), "0.00", 1)
        collect(finance, a, date(YEAR, 3, 22), "30000.00")
        collect(finance, a, date(YEAR, 3, 23), "5000.00", voided=True)
        b = order(s2, "45000.50", date(YEAR, 2, 10), status=OrderStatus.DELIVERED)
        installment(b, "45000.50", date(YEAR, 3, 1), "45000.50")
        collect(finance, b, date(YEAR, 2, 28), "45000.50")
        order(s1, "99999.00", date(YEAR, 3, 9), status=OrderStatus.CANCELLED)
        c = order(other, "70000.00", date(YEAR, 3, 15))
        installment(c, "70000.00", date(YEAR, 3, 31), "10000.00")
        collect(finance, c, date(YEAR, 3, 31), "10000.00")
        # Aging, relative to today: 10, 45, 75 and 200 days past due, one not yet due.
        d = order(s1, "10000.00", today - timedelta(days=300))
        installment(d, "1000.00", today - timedelta(days=10), "0.00", 0)
        installment(d, "2000.00", today - timedelta(days=45), "0.00", 1)
        installment(d, "3000.00", today - timedelta(days=75), "200.00", 2)
        installment(d, "3500.00", today - timedelta(days=200), "3500.00", 3)
        installment(d, "500.00", today + timedelta(days=5), "0.00", 4)
        collect(finance, d, today - timedelta(days=5), "3700.00")
        e = order(s2, "4000.00", today - timedelta(days=100))
        installment(e, "4000.00", today - timedelta(days=95), "1000.00")
        collect(finance, e, today - timedelta(days=6), "1000.00")
        f = order(other, "3000.00", today - timedelta(days=100))
        installment(f, "3000.00", today - timedelta(days=31), "0.00")
        # The funnel: opened in March 2027.
        opportunity(s1, date(YEAR, 3, 2), [])
        opportunity(s1, date(YEAR, 3, 3), [Stage.CONTACTED])
        opportunity(
            s1,
            date(YEAR, 3, 4),
            [Stage.CONTACTED, Stage.NEEDS_UNDERSTOOD, Stage.CONTRACT_SIGNED],
        )
        opportunity(s2, date(YEAR, 3, 6), [Stage.CONTACTED, Stage.NEEDS_UNDERSTOOD], lose=True)
        opportunity(s2, date(YEAR, 2, 6), [Stage.CONTACTED])  # February
        opportunity(other, date(YEAR, 3, 6), [Stage.CONTACTED])
        # Visits made in March 2027 (weeks of 1, 8, 15 … March), one only planned.
        visit(s1, date(YEAR, 3, 1))
        visit(s1, date(YEAR, 3, 3))
        visit(s1, date(YEAR, 3, 10))
        visit(s2, date(YEAR, 3, 31))
        visit(s2, date(YEAR, 3, 12), made=False)
        visit(other, date(YEAR, 3, 2))
    # Trips returning in March 2027 (one trip per traveller per day: not repeated).
    reimbursed(s1, date(YEAR, 3, 8))
    reimbursed(s2, date(YEAR, 3, 18), status="settled")
    reimbursed(s1, date(YEAR, 4, 8))  # April
    reimbursed(other, date(YEAR, 3, 8))
    return other
