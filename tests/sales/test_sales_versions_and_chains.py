"""The sales policy version in force, and who reviews (S3.2, S4.2: the department manager)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from fieldsales.org.access import resolve_chain
from fieldsales.org.models import Department, Role
from fieldsales.sales.params import DEFAULT_SALES_PARAMS
from fieldsales.sales.versions import SalesPolicyVersion, sales_params_on

pytestmark = pytest.mark.django_db


def test_without_a_version_the_built_in_defaults_apply():
    SalesPolicyVersion.objects.all().delete()
    params = sales_params_on(date(2026, 12, 3))
    assert params == DEFAULT_SALES_PARAMS
    assert params.major_amount == Decimal("500000.00")
    assert params.deep_discount_pct == Decimal("15.0")
    assert params.entertainment_wait_days == 180


def test_the_version_in_force_is_the_latest_from_that_day():
    SalesPolicyVersion.objects.create(name="2026", effective_from=date(2026, 1, 1))
    SalesPolicyVersion.objects.create(
        name="2027", effective_from=date(2027, 1, 1), major_amount=Decimal("300000.00")
    )
    assert sales_params_on(date(2026, 12, 31)).major_amount == Decimal("500000.00")
    assert sales_params_on(date(2027, 1, 1)).major_amount == Decimal("300000.00")
    assert sales_params_on(date(2025, 12, 31)) == DEFAULT_SALES_PARAMS


def test_admin_edits_a_version_through_a_form(client, cast):
    client.force_login(cast["admin"])
    response = client.post(
        "/admin/sales/salespolicyversion/add/",
        {
            "name": "2027 版",
            "effective_from": "2027-01-01",
            "major_amount": "300000.00",
            "deep_discount_pct": "12.5",
            "entertainment_wait_days": "90",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    version = SalesPolicyVersion.objects.get(name="2027 版")
    assert version.created_by == cast["admin"]
    assert version.params().deep_discount_pct == Decimal("12.5")


def test_manager_step_is_the_departments_manager_and_skipped_on_their_own(cast):
    steps = resolve_chain(roles=[Role.DEPT_MANAGER, Role.GM], author=cast["sales1"])
    assert [s["role"] for s in steps] == [Role.DEPT_MANAGER, Role.GM]
    assert steps[0]["user"] == cast["head"].pk  # head is the demo department's manager
    own = resolve_chain(roles=[Role.DEPT_MANAGER, Role.GM], author=cast["head"])
    assert [s["role"] for s in own] == [Role.GM]


def test_manager_step_falls_back_to_the_head_when_no_manager_is_named(cast):
    department = Department.objects.get(name="销售部")
    department.manager = None
    department.save(update_fields=["manager"])
    steps = resolve_chain(roles=[Role.DEPT_MANAGER], author=cast["sales2"])
    assert steps == [{"role": Role.DEPT_MANAGER, "user": cast["head"].pk, "alternate": False}]
    department.manager = cast["sales1"]
    department.save(update_fields=["manager"])
    author = get_user_model().objects.get(username="sales2")  # not the cached department
    steps = resolve_chain(roles=[Role.DEPT_MANAGER], author=author)
    assert steps[0]["user"] == cast["sales1"].pk
