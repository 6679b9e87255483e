"""The catalogue's services and rules called directly: every role × action (S1.1–S1.3),
price_list_in_force and tiers_for for the other subpackages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.sales import floor
from fieldsales.sales.catalogue import rules, selectors, services
from fieldsales.sales.models import PriceList, Product, ProductCategory

pytestmark = pytest.mark.django_db

ROLES = ["sales1", "head", "gm", "finance", "admin", "tech", "buyer"]
SEES_PRICES = {"sales1", "head", "gm", "finance"}
MANAGES_PRODUCTS = {"head", "admin"}
DRAFTS = {"head"}


def _line(code, market="100.00", factory_min="90.00", distributor_min="80.00"):
    return {
        "product": Product.objects.get(code=code).pk,
        "market": Decimal(market),
        "factory_min": Decimal(factory_min),
        "distributor_min": Decimal(distributor_min),
    }


def _draft(cast, effective=date(2027, 1, 1), codes=("PV-M550",)):
    return services.price_list_create(
        actor=cast["head"],
        data={
            "name": f"表{effective}",
            "effective": effective,
            "prices": [_line(c) for c in codes],
        },
    )


def _approved(cast, effective):
    pl = _draft(cast, effective)
    services.price_list_submit(price_list=pl, actor=cast["head"])
    return services.price_list_decide(price_list=pl, actor=cast["gm"], action="approve")


@pytest.mark.parametrize("user", ROLES)
def test_s1_3_who_sees_prices(cast, user):
    assert rules.sees_prices(cast[user]) is (user in SEES_PRICES)
    assert bool(rules.can_see_prices(cast[user])) is (user in SEES_PRICES)
    visible = selectors.visible_price_lists(user=cast[user])
    assert visible.filter(name="2026年产品价格表").exists() is (user in SEES_PRICES)


@pytest.mark.parametrize("user", ROLES)
def test_s1_1_who_creates_products(cast, user):
    category = ProductCategory.objects.first()
    data = {"code": f"X-{user}", "name": "测试", "unit": "块", "category": category.pk}
    if user in MANAGES_PRODUCTS:
        assert services.product_create(actor=cast[user], data=data).code == f"X-{user}"
    else:
        with pytest.raises(Forbidden):
            services.product_create(actor=cast[user], data=data)


@pytest.mark.parametrize("user", ROLES)
def test_s1_1_who_edits_and_deactivates_products(cast, user):
    product = Product.objects.get(code="CB-AC16")
    if user in MANAGES_PRODUCTS:
        assert (
            services.product_update(product=product, actor=cast[user], data={"unit": "卷"}).unit
            == "卷"
        )
        assert services.product_deactivate(product=product, actor=cast[user]).active is False
    else:
        with pytest.raises(Forbidden):
            services.product_update(product=product, actor=cast[user], data={"unit": "卷"})
        with pytest.raises(Forbidden):
            services.product_deactivate(product=product, actor=cast[user])


def test_product_rules_refuse_bad_input(cast):
    with pytest.raises(RuleBroken) as missing:
        services.product_create(actor=cast["head"], data={"code": "Y", "name": "x", "unit": "块"})
    assert missing.value.field == "category"
    with pytest.raises(RuleBroken) as duplicate:
        services.product_update(
            product=Product.objects.get(code="CB-PV6"), actor=cast["head"], data={"code": "CB-PV4"}
        )
    assert duplicate.value.field == "code"


@pytest.mark.parametrize("user", ROLES)
def test_s1_2_who_drafts(cast, user):
    data = {"name": "x", "effective": date(2027, 1, 1), "prices": [_line("PV-M550")]}
    if user in DRAFTS:
        assert services.price_list_create(actor=cast[user], data=data).status == "draft"
    else:
        with pytest.raises(Forbidden):
            services.price_list_create(actor=cast[user], data=data)


@pytest.mark.parametrize("user", ROLES)
def test_s1_2_only_the_gm_approves(cast, user):
    pl = _draft(cast)
    services.price_list_submit(price_list=pl, actor=cast["head"])
    if user == "gm":
        assert (
            services.price_list_decide(price_list=pl, actor=cast[user], action="approve").status
            == "approved"
        )
    else:
        with pytest.raises(Forbidden):
            services.price_list_decide(price_list=pl, actor=cast[user], action="approve")


def test_only_the_author_edits_submits_and_cancels(cast):
    pl = _draft(cast)
    for user in ("sales1", "gm", "finance"):
        with pytest.raises(Forbidden):
            services.price_list_update(price_list=pl, actor=cast[user], data={"name": "x"})
        with pytest.raises(Forbidden):
            services.price_list_submit(price_list=pl, actor=cast[user])
        with pytest.raises(Forbidden):
            services.price_list_cancel(price_list=pl, actor=cast[user])
    assert services.price_list_cancel(price_list=pl, actor=cast["head"]).status == "cancelled"
    with pytest.raises(InvalidTransition):
        services.price_list_update(price_list=pl, actor=cast["head"], data={"name": "x"})


def test_a_list_without_prices_is_not_submitted(cast):
    pl = services.price_list_create(
        actor=cast["head"], data={"name": "空", "effective": date(2027, 1, 1), "prices": []}
    )
    with pytest.raises(RuleBroken) as error:
        services.price_list_submit(price_list=pl, actor=cast["head"])
    assert error.value.field == "prices"


def test_reject_needs_a_comment_then_the_author_edits_again(cast):
    pl = _draft(cast)
    services.price_list_submit(price_list=pl, actor=cast["head"])
    with pytest.raises(RuleBroken):
        services.price_list_decide(price_list=pl, actor=cast["gm"], action="reject")
    services.price_list_decide(price_list=pl, actor=cast["gm"], action="reject", comment="偏低")
    updated = services.price_list_update(
        price_list=pl, actor=cast["head"], data={"prices": [_line("PV-M550", "120.00")]}
    )
    assert updated.lines.get().market == Decimal("120.00")


def test_prices_must_name_existing_active_products_once(cast):
    with pytest.raises(RuleBroken):
        services.price_list_create(
            actor=cast["head"],
            data={"name": "x", "effective": date(2027, 1, 1), "prices": [_line("PV-M550")] * 2},
        )
    services.product_deactivate(product=Product.objects.get(code="CB-MC4"), actor=cast["head"])
    with pytest.raises(RuleBroken) as error:
        services.price_list_create(
            actor=cast["head"],
            data={"name": "x", "effective": date(2027, 1, 1), "prices": [_line("CB-MC4")]},
        )
    assert "CB-MC4" in error.value.message


def test_price_list_in_force_boundaries(cast):
    demo = PriceList.objects.get(name="2026年产品价格表")
    assert selectors.price_list_in_force(date(2025, 12, 31)) is None
    assert selectors.price_list_in_force(date(2026, 1, 1)) == demo
    later = _approved(cast, date(2026, 7, 1))
    assert selectors.price_list_in_force(date(2026, 6, 30)) == demo
    assert selectors.price_list_in_force(date(2026, 7, 1)) == later
    # a draft or a submitted list is never in force
    _draft(cast, date(2026, 8, 1))
    assert selectors.price_list_in_force(date(2026, 8, 2)) == later


def test_tiers_for(cast):
    demo = selectors.price_list_in_force(date(2026, 3, 1))
    module, cable = Product.objects.get(code="PV-M550"), Product.objects.get(code="CB-PV4")
    tiers = selectors.tiers_for(demo, [module.pk, cable.pk])
    assert tiers[module.pk] == floor.Tiers(Decimal("880.00"), Decimal("800.00"), Decimal("700.00"))
    assert tiers[cable.pk].distributor_min == Decimal("4.05")
    assert selectors.tiers_for(None, [module.pk]) == {}


def test_demo_is_idempotent(cast):
    from fieldsales.demo import sales_catalogue

    sales_catalogue.load(cast)
    assert PriceList.objects.filter(name="2026年产品价格表").count() == 1
    assert Product.objects.count() == 12
