"""The demo's targets: this year's company target published and the head's split approved,
adding up, loaded through the services and only once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from fieldsales.demo import department_targets
from fieldsales.department.models import Target, TargetLine

pytestmark = pytest.mark.django_db


def test_demo_targets_are_in_force_and_add_up(cast):
    department_targets.load(cast)
    department_targets.load(cast)  # idempotent
    year = timezone.localdate().year
    company = Target.objects.get(year=year, level="company")
    split = Target.objects.get(year=year, level="department")
    assert (company.status, split.status) == ("approved", "approved")
    assert company.created_by == cast["gm"] and split.created_by == cast["head"]
    assert company.sales_total == Decimal("6000000.00")
    for name, (sales, collections) in department_targets.PEOPLE.items():
        for measure, amount in (("sales", sales), ("collections", collections)):
            lines = TargetLine.objects.filter(
                target=split, salesperson=cast[name], measure=measure, category__isnull=True
            )
            assert lines.get(month=0).amount == amount
            months = lines.filter(month__gte=1)
            assert months.count() == 12
            assert months.aggregate(s=Sum("amount"))["s"] == amount
    by_category = TargetLine.objects.filter(
        target=split, salesperson=cast["sales1"], category__isnull=False
    )
    assert by_category.count() == 2
    assert by_category.aggregate(s=Sum("amount"))["s"] == Decimal("3600000.00")


def test_demo_home_shows_sales1_their_year_target(client, cast):
    department_targets.load(cast)
    client.force_login(cast["sales1"])
    page = client.get("/").content.decode()
    block = page[page.index('id="home-targets"') :]
    assert "目标 ¥3,600,000.00" in block and "目标 ¥2,880,000.00" in block
