"""Who sees which customer (own and pool, the department's, all), the pool and transfers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.customers import services as customers_services
from fieldsales.crm.models import CrmSettings, Customer, CustomerTransfer, Opportunity
from fieldsales.crm.visits import selectors as visits_selectors

pytestmark = pytest.mark.django_db


def codes(user):
    return sorted(customers_selectors.visible_customers(user=user).values_list("code", flat=True))


def test_salesperson_sees_own_customers_and_the_pool(cast):
    assert codes(cast["sales1"]) == ["C-0001", "C-0003", "C-0005", "C-0007"]
    assert codes(cast["sales2"]) == ["C-0002", "C-0004", "C-0006", "C-0007"]


def test_head_sees_the_department_and_gm_sees_all(cast):
    everything = [f"C-000{n}" for n in range(1, 8)]
    assert codes(cast["head"]) == everything
    assert codes(cast["gm"]) == everything


def test_another_salespersons_customer_is_404_in_the_api(api):
    customer = Customer.objects.get(code="C-0002")
    assert api("sales1").get(f"/api/customers/{customer.pk}/").status_code == 404
    assert (
        api("sales1").post(f"/api/customers/{customer.pk}/release/", {"reason": "x"}).status_code
        == 404
    )
    assert api("sales2").get(f"/api/customers/{customer.pk}/").status_code == 200
    assert api("head").get(f"/api/customers/{customer.pk}/").status_code == 200


def test_another_salespersons_customer_is_404_on_the_page(client, cast):
    customer = Customer.objects.get(code="C-0002")
    client.force_login(cast["sales1"])
    assert client.get(f"/crm/customers/{customer.pk}/").status_code == 404
    client.force_login(cast["sales2"])
    assert client.get(f"/crm/customers/{customer.pk}/").status_code == 200


def test_claim_from_the_pool_is_logged_and_second_claim_is_409(cast):
    customer = Customer.objects.get(code="C-0007")
    claimed = customers_services.customer_claim_from_pool(customer=customer, actor=cast["sales1"])
    assert (claimed.status, claimed.owner.username) == ("active", "sales1")
    log = CustomerTransfer.objects.filter(customer=customer).last()
    assert (log.kind, log.from_owner, log.to_owner.username) == ("claim", None, "sales1")
    with pytest.raises(InvalidTransition):
        customers_services.customer_claim_from_pool(customer=customer, actor=cast["sales2"])
    assert "C-0007" not in codes(cast["sales2"])


def test_finance_may_not_claim(cast):
    with pytest.raises(Forbidden):
        customers_services.customer_claim_from_pool(
            customer=Customer.objects.get(code="C-0007"), actor=cast["finance"]
        )


def test_release_to_the_pool_needs_a_reason(cast):
    customer = Customer.objects.get(code="C-0003")
    with pytest.raises(RuleBroken):
        customers_services.customer_release_to_pool(
            customer=customer, actor=cast["sales1"], reason=" "
        )
    with pytest.raises(Forbidden):
        customers_services.customer_release_to_pool(
            customer=customer, actor=cast["sales2"], reason="x"
        )
    released = customers_services.customer_release_to_pool(
        customer=customer, actor=cast["sales1"], reason="客户暂无需求"
    )
    assert (released.status, released.owner) == ("pool", None)
    assert "C-0003" in codes(cast["sales2"])


def test_head_transfers_a_customer_and_its_open_opportunities(cast):
    customer = Customer.objects.get(code="C-0001")
    customers_services.customer_transfer(
        customer=customer, actor=cast["head"], to_user=cast["sales2"], reason="sales1 调岗"
    )
    customer.refresh_from_db()
    assert customer.owner.username == "sales2"
    log = CustomerTransfer.objects.filter(customer=customer).last()
    assert (
        log.kind,
        log.from_owner.username,
        log.to_owner.username,
        log.by.username,
        log.reason,
    ) == ("transfer", "sales1", "sales2", "head", "sales1 调岗")
    assert set(
        Opportunity.objects.filter(customer=customer).values_list("owner__username", flat=True)
    ) == {"sales2"}
    assert "C-0001" not in codes(cast["sales1"])


def test_a_salesperson_may_not_transfer(cast):
    with pytest.raises(Forbidden):
        customers_services.customer_transfer(
            customer=Customer.objects.get(code="C-0001"),
            actor=cast["sales1"],
            to_user=cast["sales2"],
            reason="x",
        )


def test_transfer_through_the_api(api, cast):
    customer = Customer.objects.get(code="C-0001")
    url = f"/api/customers/{customer.pk}/transfer/"
    assert api("sales1").post(url, {"to_user": cast["sales2"].pk, "reason": "x"}).status_code == 403
    assert api("head").post(url, {"to_user": 99999, "reason": "x"}).data == {
        "to_user": ["用户不存在"]
    }
    response = api("head").post(url, {"to_user": cast["sales2"].pk, "reason": "区域调整"})
    assert (response.status_code, response.data["owner_name"]) == (200, "李娜")
    history = api("head").get(f"/api/customers/{customer.pk}/transfers/").data
    assert [(h["kind"], h["to_owner_name"]) for h in history][-1] == ("transfer", "李娜")


def test_pool_sweep_returns_customers_without_follow_up(cast):
    CrmSettings.objects.update_or_create(pk=1, defaults={"pool_after_days": 30})
    old = timezone.now() - timedelta(days=31)
    Customer.objects.filter(code="C-0003").update(last_activity_at=old)
    Customer.objects.filter(code="C-0005").update(
        last_activity_at=timezone.now() - timedelta(days=29)
    )
    swept = customers_services.pool_sweep()
    assert [c.code for c in swept] == ["C-0003"]
    customer = Customer.objects.get(code="C-0003")
    assert (customer.status, customer.owner) == ("pool", None)
    log = CustomerTransfer.objects.filter(customer=customer).last()
    assert (log.kind, log.from_owner.username, log.reason) == ("sweep", "sales1", "30 天无跟进")
    assert customers_services.pool_sweep() == []


def test_pool_sweep_command(cast):
    from io import StringIO

    from django.core.management import call_command

    Customer.objects.filter(code="C-0005").update(
        last_activity_at=timezone.now() - timedelta(days=400)
    )
    out = StringIO()
    call_command("crm_pool_sweep", stdout=out)
    assert "1 个客户超过 60 天无跟进，已转入公海。" in out.getvalue()
    assert Customer.objects.get(code="C-0005").status == "pool"


def test_overdue_revisits_per_salesperson_and_team(cast):
    today = timezone.localdate()
    # The demo: C-0004 (B, sales2) last visited 40 days ago, C-0005 (B, sales1) 35 days ago.
    mine = visits_selectors.overdue_revisits(user=cast["sales1"], today=today)
    assert [(r.customer.code, r.days_overdue) for r in mine] == [("C-0005", 5)]
    team = visits_selectors.overdue_revisits(user=cast["head"], today=today)
    assert [(r.customer.code, r.days_overdue) for r in team] == [("C-0004", 10), ("C-0005", 5)]
    CrmSettings.objects.update_or_create(pk=1, defaults={"revisit_days_b": 45})
    assert visits_selectors.overdue_revisits(user=cast["head"], today=today) == []
