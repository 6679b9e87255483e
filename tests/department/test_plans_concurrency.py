"""Two clicks at once: one approval of a plan (the row is locked; the second is 409), one
sales plan per person and month, one change proposal of an approved yearly plan (partial unique
constraints keep one)."""

from __future__ import annotations

import pytest
from helpers import client_for, run_together
from test_plans_support import approved_yearly, submitted_sales_plan

from fieldsales.department.plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_approvals_at_once_approve_once(api, cast):
    plan = submitted_sales_plan(api)
    head = cast["head"]

    def approve():
        return client_for(head).post(
            f"/api/plans/{plan['id']}/approve/", {"comment": "同意"}, format="json"
        )

    codes = sorted(r.status_code for r in run_together([approve, approve]))
    assert codes == [200, 409]
    assert Plan.objects.get(pk=plan["id"]).approvals().count() == 1


def test_two_sales_plans_for_a_month_at_once_make_one(api, cast):
    sales1 = cast["sales1"]

    def post():
        return client_for(sales1).post(
            "/api/plans/", {"kind": "sales", "period_start": "2027-05-01"}, format="json"
        )

    codes = sorted(r.status_code for r in run_together([post, post]))
    assert codes == [201, 409]
    assert Plan.objects.count() == 1


def test_two_change_proposals_at_once_make_one_version(api, cast):
    first = approved_yearly(api, cast)
    head = cast["head"]

    def change():
        return client_for(head).post(
            f"/api/plans/{first['id']}/propose-change/", {"reason": "调整"}, format="json"
        )

    codes = sorted(r.status_code for r in run_together([change, change]))
    assert codes == [201, 409]
    assert sorted(Plan.objects.values_list("version", flat=True)) == [1, 2]
