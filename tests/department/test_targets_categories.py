"""D1 optionally by product category: the split of a person's 签单额 year by category, and its
progress from the lines of the orders signed (not from order totals)."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from targets_support import company_payload, split_payload

from fieldsales.sales.catalogue.models import ProductCategory

sys.path.insert(0, str(Path(__file__).parents[1] / "browser"))
from order_builders import signed_order  # noqa: E402

pytestmark = pytest.mark.django_db


def _this_year(payload):
    return {**payload, "year": timezone.localdate().year}


def _in_force(api, cast, department_id, categories):
    gm, head = api("gm"), api("head")
    company = gm.post(
        "/api/targets/",
        _this_year(company_payload(department_id, "1000000.00", "800000.00")),
        format="json",
    )
    assert gm.post(f"/api/targets/{company.json()['id']}/publish/").status_code == 200
    payload = _this_year(
        split_payload(department_id, {cast["sales1"].pk: ("1000000.00", "800000.00")})
    )
    payload["people"][0]["categories"] = categories
    created = head.post("/api/targets/", payload, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert head.post(f"/api/targets/{pk}/submit/").status_code == 200
    assert (
        gm.post(f"/api/targets/{pk}/approve/", {"comment": "同意"}, format="json").status_code
        == 200
    )


def test_d1_category_progress_counts_the_signed_lines_of_that_category(api, cast, sales_department):
    order = signed_order(cast)  # 10 × 950.00 of a module in 浏览器测试类别
    modules = ProductCategory.objects.get(name="浏览器测试类别")
    other = ProductCategory.objects.create(name="目标测试逆变器")
    _in_force(
        api,
        cast,
        sales_department.pk,
        [
            {"category": modules.pk, "amount": "950000.00"},
            {"category": other.pk, "amount": "50000.00"},
        ],
    )

    body = api("head").get("/api/targets/progress/").json()

    assert body["categories"] == [
        {
            "salesperson": cast["sales1"].pk,
            "name": "张伟",
            "category": modules.pk,
            "category_name": "浏览器测试类别",
            "sales": {"target": "950000.00", "actual": "9500.00", "percent": "1.0"},
        },
        {
            "salesperson": cast["sales1"].pk,
            "name": "张伟",
            "category": other.pk,
            "category_name": "目标测试逆变器",
            "sales": {"target": "50000.00", "actual": "0.00", "percent": "0.0"},
        },
    ]
    assert order.total == Decimal("9500.00")
    assert api("sales2").get("/api/targets/progress/").json()["categories"] == []


def test_d1_the_targets_page_lists_the_category_progress(client, api, cast, sales_department):
    signed_order(cast)
    modules = ProductCategory.objects.get(name="浏览器测试类别")
    _in_force(api, cast, sales_department.pk, [{"category": modules.pk, "amount": "1000000.00"}])
    client.force_login(cast["sales1"])
    page = client.get("/department/targets/").content.decode()
    table = page[page.index('id="category-progress"') :]
    row = table[table.index(f'data-category="{modules.pk}"') :]
    assert "浏览器测试类别" in row and "¥9,500.00" in row and "¥1,000,000.00" in row


def test_d1_a_category_split_of_collections_is_refused(api, cast, sales_department):
    modules = ProductCategory.objects.create(name="目标测试组件")
    gm = api("gm")
    company = gm.post(
        "/api/targets/",
        _this_year(company_payload(sales_department.pk, "1000000.00", "800000.00")),
        format="json",
    )
    gm.post(f"/api/targets/{company.json()['id']}/publish/")
    payload = _this_year(
        split_payload(sales_department.pk, {cast["sales1"].pk: ("1000000.00", "800000.00")})
    )
    payload["people"][1]["categories"] = [{"category": modules.pk, "amount": "800000.00"}]

    answer = api("head").post("/api/targets/", payload, format="json")

    assert answer.status_code == 400
    assert answer.json()["people"] == ["D1 按产品类别分解只用于签单额"]
