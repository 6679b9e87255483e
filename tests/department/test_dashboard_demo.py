"""D12's demo history (fieldsales/demo/department_history.py): a year of past orders with
installments and collections, and visits week by week, consistent with the models' rules;
loaded once; the dashboard shows it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from fieldsales.crm.visits.models import Visit
from fieldsales.demo import department_history
from fieldsales.sales.orders.models import Collection, Order


def test_d12_demo_history_is_consistent_and_loaded_once(api, cast):
    department_history.load(cast)
    orders = list(
        Order.objects.filter(note=department_history.NOTE).prefetch_related("installments")
    )
    today = timezone.localdate()
    assert len(orders) >= 24
    assert {o.salesperson.username for o in orders} == {"sales1", "sales2"}
    assert min(o.signed_on for o in orders) < today - timedelta(days=300)
    assert all(o.signed_on < today.replace(day=1) for o in orders)
    for order in orders:
        rows = list(order.installments.all())
        assert sum((r.amount for r in rows), Decimal(0)) == order.total
        assert order.lines.aggregate(t=Sum("amount"))["t"] == order.total
        collections = list(Collection.objects.filter(order=order))
        for c in collections:  # never more than what had fallen due by then
            due = sum((r.amount for r in rows if r.due <= c.date), Decimal(0))
            paid = sum((x.amount for x in collections if x.date <= c.date), Decimal(0))
            assert paid <= due and c.date <= today
        paid = sum((x.amount for x in collections), Decimal(0))
        assert sum((r.collected for r in rows), Decimal(0)) == paid
    visits = Visit.objects.filter(check_in_at__isnull=False, date__lt=today - timedelta(days=6))
    weeks = {v.date - timedelta(days=v.date.weekday()) for v in visits}
    assert len(weeks) >= 50
    counts = (Order.objects.count(), Collection.objects.count(), Visit.objects.count())
    department_history.load(cast)
    assert (Order.objects.count(), Collection.objects.count(), Visit.objects.count()) == counts

    body = api("head").get(f"/api/dashboard/?period={today.year}").json()
    assert any(Decimal(r["collected"]) > 0 for r in body["collection_rate"])
    assert sum(Decimal(b["amount"]) for b in body["aging"]["buckets"]) > 0
    assert sum(body["visits"]["counts"]) > 0
