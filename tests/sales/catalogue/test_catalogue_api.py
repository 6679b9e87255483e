"""S1 through the API: products per role, a price list's life, the list in force (current)."""

from __future__ import annotations

import pytest

from fieldsales.sales.models import PriceList, Product

pytestmark = pytest.mark.django_db


def _prices(*codes, market="100.00", factory_min="90.00", distributor_min="80.00"):
    return [
        {
            "product": Product.objects.get(code=code).pk,
            "market": market,
            "factory_min": factory_min,
            "distributor_min": distributor_min,
        }
        for code in codes
    ]


def draft(api, user="head", **extra):
    body = {"name": "2027年价格表", "effective": "2027-01-01", "prices": _prices("PV-M550")}
    response = api(user).post("/api/price-lists/", body | extra, format="json")
    assert response.status_code == 201, response.data
    return response.data


def test_demo_list_is_in_force_and_numbered(api):
    data = api("sales1").get("/api/price-lists/current/?on=2026-06-01").data
    assert data["number"] == "PL-2026-001"
    assert data["status"] == "approved"
    module = next(p for p in data["prices"] if p["product_code"] == "PV-M550")
    assert (module["market"], module["factory_min"], module["distributor_min"]) == (
        "880.00",
        "800.00",
        "700.00",
    )
    assert [(a["role"], a["decision"]) for a in data["approvals"]] == [("gm", "approve")]


@pytest.mark.parametrize(
    ("on", "status"),
    [
        ("2025-12-31", 404),
        ("2026-01-01", 200),
        ("2026-01-02", 200),
        ("2026-13-01", 400),
        ("x", 400),
    ],
)
def test_current_on_the_effective_boundary(api, on, status):
    response = api("sales1").get(f"/api/price-lists/current/?on={on}")
    assert response.status_code == status
    if status == 400:
        assert "on" in response.data


def test_current_moves_to_a_later_list_on_its_effective_day(api):
    pl = draft(api)
    api("head").post(f"/api/price-lists/{pl['id']}/submit/")
    api("gm").post(f"/api/price-lists/{pl['id']}/approve/", {})
    before = api("sales1").get("/api/price-lists/current/?on=2026-12-31").data
    on = api("sales1").get("/api/price-lists/current/?on=2027-01-01").data
    assert before["number"] == "PL-2026-001"
    assert on["id"] == pl["id"]


def test_price_list_lifecycle(api):
    pl = draft(api)
    assert pl["status"] == "draft"
    assert pl["number"].endswith("-002")
    assert pl["prices"][0]["market"] == "100.00"
    # edit while draft
    patched = api("head").patch(
        f"/api/price-lists/{pl['id']}/",
        {"prices": _prices("PV-M550", "INV-S10K", market="120.00")},
        format="json",
    )
    assert patched.status_code == 200, patched.data
    assert len(patched.data["prices"]) == 2
    submitted = api("head").post(f"/api/price-lists/{pl['id']}/submit/").data
    assert submitted["status"] == "submitted"
    assert submitted["chain"] == [{"role": "gm", "user": None, "alternate": False}]
    # read-only once submitted
    locked = api("head").patch(f"/api/price-lists/{pl['id']}/", {"name": "x"}, format="json")
    assert locked.status_code == 409
    # GM rejects without a comment: 400; with one: rejected, editable again
    assert api("gm").post(f"/api/price-lists/{pl['id']}/reject/", {}).status_code == 400
    rejected = api("gm").post(f"/api/price-lists/{pl['id']}/reject/", {"comment": "组件价偏低"})
    assert rejected.data["status"] == "rejected"
    assert (
        api("head")
        .patch(f"/api/price-lists/{pl['id']}/", {"name": "改"}, format="json")
        .status_code
        == 200
    )
    api("head").post(f"/api/price-lists/{pl['id']}/submit/")
    approved = api("gm").post(f"/api/price-lists/{pl['id']}/approve/", {"comment": "同意"}).data
    assert approved["status"] == "approved"
    assert (
        api("head").patch(f"/api/price-lists/{pl['id']}/", {"name": "x"}, format="json").status_code
        == 409
    )
    assert api("head").post(f"/api/price-lists/{pl['id']}/cancel/").status_code == 409


def test_cancel_a_draft(api):
    pl = draft(api)
    assert api("head").post(f"/api/price-lists/{pl['id']}/cancel/").data["status"] == "cancelled"


def test_s1_2_tier_order_is_400_naming_the_product(api):
    body = {
        "name": "坏价格",
        "effective": "2027-01-01",
        "prices": _prices("INV-S50K", market="100.00", factory_min="110.00"),
    }
    response = api("head").post("/api/price-lists/", body, format="json")
    assert response.status_code == 400
    assert "INV-S50K" in response.data["prices"][0]
    assert "S1.2" in response.data["prices"][0]


@pytest.mark.parametrize(
    ("market", "factory_min", "distributor_min", "ok"),
    [
        ("100.00", "100.00", "100.00", True),
        ("100.00", "90.00", "0.01", True),
        ("100.00", "90.00", "0.00", False),
        ("100.00", "90.00", "90.01", False),
        ("99.99", "100.00", "80.00", False),
        (100, "90.00", "80.00", False),
    ],
)
def test_s1_2_tiers(api, market, factory_min, distributor_min, ok):
    body = {
        "name": "三档",
        "effective": "2027-01-01",
        "prices": [
            {
                "product": Product.objects.get(code="PV-M550").pk,
                "market": market,
                "factory_min": factory_min,
                "distributor_min": distributor_min,
            }
        ],
    }
    response = api("head").post("/api/price-lists/", body, format="json")
    assert response.status_code == (201 if ok else 400), response.data


def test_nobody_approves_their_own_list(api):
    pl = draft(api, user="head")
    api("head").post(f"/api/price-lists/{pl['id']}/submit/")
    assert api("head").post(f"/api/price-lists/{pl['id']}/approve/", {}).status_code == 403


@pytest.mark.parametrize("user", ["tech", "buyer", "admin"])
def test_s1_3_no_prices_for_technical_purchasing_admin(api, user):
    pl = PriceList.objects.get(name="2026年产品价格表")
    for url in (
        "/api/price-lists/",
        f"/api/price-lists/{pl.pk}/",
        "/api/price-lists/current/",
        f"/api/price-lists/{pl.pk}/export/",
        f"/api/price-lists/{pl.pk}/print/",
    ):
        assert api(user).get(url).status_code == 403, url
    # the products themselves (no prices) are read by all staff
    assert api(user).get("/api/products/").status_code == 200


@pytest.mark.parametrize("user", ["sales1", "finance", "gm", "head"])
def test_s1_3_price_roles_see_the_approved_list(api, user):
    pl = PriceList.objects.get(name="2026年产品价格表")
    assert api(user).get(f"/api/price-lists/{pl.pk}/").status_code == 200


def test_drafts_only_for_author_heads_and_gm(api):
    pl = draft(api)
    assert api("sales1").get(f"/api/price-lists/{pl['id']}/").status_code == 404
    assert api("finance").get(f"/api/price-lists/{pl['id']}/").status_code == 404
    assert api("gm").get(f"/api/price-lists/{pl['id']}/").status_code == 200
    ids = [p["id"] for p in api("sales1").get("/api/price-lists/").data["results"]]
    assert pl["id"] not in ids


@pytest.mark.parametrize(
    ("user", "status"),
    [("sales1", 403), ("finance", 403), ("gm", 403), ("tech", 403), ("buyer", 403), ("head", 201)],
)
def test_who_drafts_a_price_list(api, user, status):
    body = {"name": "x", "effective": "2027-01-01", "prices": _prices("PV-M550")}
    assert api(user).post("/api/price-lists/", body, format="json").status_code == status


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("sales1", 403),
        ("finance", 403),
        ("gm", 403),
        ("tech", 403),
        ("buyer", 403),
        ("head", 201),
        ("admin", 201),
    ],
)
def test_who_writes_products(api, user, status):
    category = Product.objects.get(code="PV-M550").category_id
    body = {"code": f"T-{user}", "name": "测试", "unit": "块", "category": category}
    assert api(user).post("/api/products/", body, format="json").status_code == status


def test_product_update_deactivate_and_filters(api):
    product = Product.objects.get(code="CB-MC4")
    response = api("head").patch(f"/api/products/{product.pk}/", {"note": "新款"}, format="json")
    assert response.data["note"] == "新款"
    assert api("sales1").post(f"/api/products/{product.pk}/deactivate/").status_code == 403
    assert api("head").post(f"/api/products/{product.pk}/deactivate/").data["active"] is False
    active = api("sales1").get("/api/products/?active=true").data["results"]
    assert "CB-MC4" not in [p["code"] for p in active]
    found = api("sales1").get("/api/products/?q=逆变器").data["results"]
    assert {p["code"] for p in found} == {"INV-S50K", "INV-S10K", "INV-H5K"}
    category = Product.objects.get(code="BR-AL01").category_id
    by_category = api("sales1").get(f"/api/products/?category={category}").data["results"]
    assert {p["code"] for p in by_category} == {"BR-AL01", "BR-ST01"}
    duplicate = {"code": "PV-M550", "name": "x", "unit": "块", "category": category}
    assert "code" in api("head").post("/api/products/", duplicate, format="json").data
