"""A customer's latest check-in (crm_last_check_in, read by the revisit list and the customer
sheet) is kept by the database's triggers, whoever writes the visit: the check-in service, a
bulk insert, a direct update; a later check-in raises it, an earlier one does not lower it, and
a check-in moved earlier, cleared, moved to another customer or deleted is recomputed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import CustomerFactory, VisitFactory

from fieldsales.crm.models import LastCheckIn, Visit
from fieldsales.crm.visits.services import visit_check_in

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def last(customer):
    row = LastCheckIn.objects.filter(customer=customer).first()
    return row.at if row else None


def visit_at(customer, days_ago):
    visit = VisitFactory(customer=customer)
    Visit.objects.filter(pk=visit.pk).update(
        status="checked_out", check_in_at=NOW - timedelta(days=days_ago)
    )
    return visit


def test_the_check_in_service_sets_it(cast):
    customer = CustomerFactory(actor=cast["sales1"])
    visit = VisitFactory(customer=customer)
    assert last(customer) is None  # planned, not checked in

    visit_check_in(visit=visit, actor=cast["sales1"], latitude="30.1", longitude="120.1")

    assert last(customer) == Visit.objects.get(pk=visit.pk).check_in_at


def test_a_later_check_in_raises_it_and_an_earlier_one_does_not_lower_it(cast):
    customer = CustomerFactory(actor=cast["sales1"])
    visit_at(customer, 10)
    assert last(customer) == NOW - timedelta(days=10)
    visit_at(customer, 3)
    assert last(customer) == NOW - timedelta(days=3)
    visit_at(customer, 20)
    assert last(customer) == NOW - timedelta(days=3)


def test_a_bulk_insert_keeps_it(cast):
    customer = CustomerFactory(actor=cast["sales1"])
    model = VisitFactory(customer=customer)
    copies = []
    for days in (30, 7, 12):
        row = Visit.objects.get(pk=model.pk)
        row.pk, row.status, row.check_in_at = None, "checked_out", NOW - timedelta(days=days)
        copies.append(row)
    Visit.objects.bulk_create(copies)
    assert last(customer) == NOW - timedelta(days=7)


def test_a_check_in_moved_earlier_cleared_moved_or_deleted_is_recomputed(cast):
    customer = CustomerFactory(actor=cast["sales1"])
    other = CustomerFactory(actor=cast["sales1"])
    visit_at(customer, 20)
    latest = visit_at(customer, 5)

    Visit.objects.filter(pk=latest.pk).update(check_in_at=NOW - timedelta(days=25))
    assert last(customer) == NOW - timedelta(days=20)

    Visit.objects.filter(pk=latest.pk).update(check_in_at=NOW - timedelta(days=2))
    assert last(customer) == NOW - timedelta(days=2)
    Visit.objects.filter(pk=latest.pk).update(check_in_at=None)
    assert last(customer) == NOW - timedelta(days=20)

    Visit.objects.filter(pk=latest.pk).update(check_in_at=NOW - timedelta(days=1))
    Visit.objects.filter(pk=latest.pk).update(customer=other)
    assert last(customer) == NOW - timedelta(days=20)
    assert last(other) == NOW - timedelta(days=1)

    Visit.objects.filter(pk=latest.pk).delete()
    assert last(other) is None


def test_the_revisit_list_reads_it(cast):
    from fieldsales.crm.visits.selectors import overdue_revisits

    customer = CustomerFactory(actor=cast["sales1"], kind="end_customer")
    customer.__class__.objects.filter(pk=customer.pk).update(
        grade="A", created_at=NOW - timedelta(days=400)
    )
    visit_at(customer, 40)  # class A: due 15 days after the last check-in

    due = list(overdue_revisits(user=cast["sales1"], today=timezone.localdate()))
    row = next(r for r in due if r.customer.pk == customer.pk)
    assert row.last_visit == timezone.localdate(NOW - timedelta(days=40))

    visit_at(customer, 1)
    due = overdue_revisits(user=cast["sales1"], today=timezone.localdate())
    assert customer.pk not in [r.customer.pk for r in due]
