"""The demo's plans (fieldsales/demo/department_plans.py): sales1's and sales2's last twelve
months approved and this month's waiting for the head; the head's yearly plan approved by the
GM and this week's plan with items; loading twice adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fieldsales.demo import department_plans
from fieldsales.department.plans.models import Plan, PlanItem


def test_demo_plans(cast):
    department_plans.load(cast)
    department_plans.load(cast)

    today = timezone.localdate()
    for who in ("sales1", "sales2"):
        plans = Plan.objects.filter(kind="sales", owner=cast[who])
        assert plans.filter(status="approved").count() == 12
        this_month = plans.get(period_start=today.replace(day=1))
        assert this_month.status == "submitted" and this_month.pending_user_id == cast["head"].pk
    yearly = Plan.objects.get(kind="yearly")
    assert yearly.status == "approved" and yearly.period_start.year == today.year
    weekly = Plan.objects.get(kind="weekly")
    assert weekly.period_start == today - timedelta(days=today.weekday())
    assert set(PlanItem.objects.filter(plan=weekly).values_list("status", flat=True)) == {
        "not_started",
        "in_progress",
        "done",
        "cancelled",
    }
    assert Plan.objects.count() == 28


def test_demo_plan_pages_answer_for_every_role(cast, client):
    department_plans.load(cast)
    plans = list(Plan.objects.values_list("pk", flat=True))

    for who in ("sales1", "sales2", "head", "gm", "finance"):
        client.force_login(cast[who])
        for kind in ("", "sales", "yearly", "weekly"):
            assert client.get(f"/department/plans/?kind={kind}").status_code in (200, 404)
        for pk in plans:
            for suffix in ("", "edit/"):
                answer = client.get(f"/department/plans/{pk}/{suffix}")
                assert answer.status_code in (200, 302, 404), (who, pk, suffix)
