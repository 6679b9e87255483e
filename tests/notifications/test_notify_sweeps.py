"""D11's sweeps of trips, the CRM and orders: each reminder is made for the right people at the
right time, and once however often the sweep runs."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from factories import CustomerFactory, TripFactory
from helpers import today
from notify_support import notes

from fieldsales.crm.models import Customer
from fieldsales.crm.service.models import ServiceRequest
from fieldsales.notifications.jobs import run_all
from fieldsales.notifications.models import Mute, Notification
from fieldsales.notifications.registry import sweep
from fieldsales.trips.policy_versions import policy_in_force

pytestmark = pytest.mark.django_db


def at(day, hour=10):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(hour)))


def run(name, day):
    return sweep(name).run(at(day))


# ------------------------------------------------------------------------ trip reports (P7.1)


def test_p71_a_report_coming_due_is_told_to_the_traveller_once(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    due = trip.return_date + timedelta(days=policy_in_force(today()).report_due_days)
    assert run("trips.report_reminders", due - timedelta(days=2)) == 0
    assert run("trips.report_reminders", due - timedelta(days=1)) == 1
    assert run("trips.report_reminders", due) == 0  # made already
    assert notes(cast["sales1"], "trip.report_due") == [
        ("trip.report_due", f"出差报告即将到期：{trip.number}")
    ]
    assert notes(cast["head"], "trip.report_due") == []


def test_p71_an_overdue_report_is_told_to_the_traveller_and_the_manager_once(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    due = trip.return_date + timedelta(days=policy_in_force(today()).report_due_days)
    assert run("trips.report_reminders", due + timedelta(days=1)) == 2
    assert run("trips.report_reminders", due + timedelta(days=2)) == 0
    for who in ("sales1", "head"):
        assert notes(cast[who], "trip.report_overdue") == [
            ("trip.report_overdue", f"出差报告逾期：{trip.number}")
        ]


def test_p71_a_long_overdue_or_unapproved_trip_is_not_told(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    due = trip.return_date + timedelta(days=policy_in_force(today()).report_due_days)
    assert run("trips.report_reminders", due + timedelta(days=31)) == 0  # the backlog is not sent
    draft = TripFactory(traveller=cast["sales2"], status="submitted")
    due = draft.return_date + timedelta(days=3)
    run("trips.report_reminders", due + timedelta(days=1))
    assert not Notification.objects.filter(dedupe_key__startswith=f"trip:{draft.pk}:")


def test_d11_a_muted_kind_is_not_made(cast):
    Mute.objects.create(user=cast["sales1"], kind="trip.report_overdue")
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    due = trip.return_date + timedelta(days=policy_in_force(today()).report_due_days)
    assert run("trips.report_reminders", due + timedelta(days=1)) == 1  # the head only
    assert notes(cast["sales1"], "trip.report_overdue") == []


# ------------------------------------------------------------------------ revisits, service


def _kept_customer(cast, grade):
    customer = CustomerFactory(actor=cast["sales2"])
    Customer.objects.filter(pk=customer.pk).update(kind="end_customer", grade=grade)
    return customer


def test_revisit_due_is_told_to_the_owner_in_its_week_once(cast):
    customer = _kept_customer(cast, "A")  # every 15 days, counted from its creation
    start = today()
    run("crm.revisit_reminders", start + timedelta(days=14))
    assert not Notification.objects.filter(dedupe_key__startswith=f"customer:{customer.pk}:")
    run("crm.revisit_reminders", start + timedelta(days=15))
    run("crm.revisit_reminders", start + timedelta(days=16))
    made = Notification.objects.filter(dedupe_key__startswith=f"customer:{customer.pk}:")
    assert [(n.recipient.username, n.title) for n in made] == [
        ("sales2", f"客户回访到期：{customer.name}")
    ]


def test_an_old_revisit_backlog_is_not_sent(cast):
    customer = _kept_customer(cast, "C")  # every 45 days
    run("crm.revisit_reminders", today() + timedelta(days=45 + 8))
    assert not Notification.objects.filter(dedupe_key__startswith=f"customer:{customer.pk}:")


def test_a_prospect_has_no_revisit(cast):
    customer = CustomerFactory(actor=cast["sales2"])
    Customer.objects.filter(pk=customer.pk).update(kind="prospect", grade="A")
    run("crm.revisit_reminders", today() + timedelta(days=15))
    assert not Notification.objects.filter(dedupe_key__startswith=f"customer:{customer.pk}:")


def test_service_deadline_due_then_overdue_each_once(cast):
    customer = CustomerFactory(actor=cast["sales1"])
    request = ServiceRequest.objects.create(
        customer=customer,
        kind="service",
        title="逆变器报警",
        description="x",
        owner=cast["sales1"],
        opened_by=cast["sales1"],
        deadline=today() + timedelta(days=5),
    )

    def told():
        found = Notification.objects.filter(dedupe_key__startswith=f"service:{request.pk}:")
        return [(n.recipient.username, n.title) for n in found.order_by("pk")]

    for days in (3, 4, 5, 6, 7):
        run("crm.service_reminders", today() + timedelta(days=days))
        if days == 3:
            assert told() == []
    assert told() == [
        ("sales1", f"服务即将到期：{request.number}"),
        ("sales1", f"服务已超期：{request.number}"),
    ]
    ServiceRequest.objects.filter(pk=request.pk).update(status="closed")
    Notification.objects.all().delete()
    run("crm.service_reminders", today() + timedelta(days=6))
    assert told() == []


# ------------------------------------------------------------------------ installments (S6.4)


def _signed(cast):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "browser"))
    from order_builders import signed_order

    return signed_order(cast)  # 3,000.00 due today, 6,500.00 in 30 days


def test_s64_installment_due_then_overdue_each_once(cast):
    order = _signed(cast)
    later = today() + timedelta(days=30)
    # today: the 3,000.00 falls due today (and nothing of the second yet)
    assert run("sales.installment_reminders", today()) == 1
    assert (
        run("sales.installment_reminders", later - timedelta(days=3)) == 3
    )  # 1st overdue ×2, 2nd due
    assert run("sales.installment_reminders", later - timedelta(days=2)) == 0
    assert [t for _k, t in notes(cast["sales1"]) if "回款" in t] == [
        f"回款即将到期：{order.number}",
        f"回款逾期：{order.number}",
        f"回款即将到期：{order.number}",
    ]
    assert notes(cast["head"], "sales.installment_overdue") == [
        ("sales.installment_overdue", f"回款逾期：{order.number}")
    ]


def test_s64_a_collected_installment_is_not_told(cast):
    from fieldsales.sales.orders.models import Installment

    order = _signed(cast)
    Installment.objects.filter(order=order).update(collected=models_amount())
    assert run("sales.installment_reminders", today() + timedelta(days=31)) == 0


def models_amount():
    from django.db.models import F

    return F("amount")


# ------------------------------------------------------------------------ all at once


def test_d11_the_cron_job_runs_the_new_sweeps_without_error(cast):
    done = run_all(now=at(today()))
    for name in (
        "trips.report_reminders",
        "crm.revisit_reminders",
        "crm.service_reminders",
        "crm.pool_sweep",
        "sales.installment_reminders",
    ):
        assert isinstance(done[name], int), done[name]
