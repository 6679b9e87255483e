"""Issue 7 item 14: a customer's transfer moves its planned visits to the new owner."""

from __future__ import annotations

import pytest
from helpers import today

from fieldsales.crm.customers import services as customers_services
from fieldsales.crm.models import Customer, Visit
from fieldsales.crm.visits import services as visits_services

pytestmark = pytest.mark.django_db


def test_item14_transfer_moves_planned_visits_and_the_old_owner_cannot_check_in(api, cast):
    customer = Customer.objects.get(code="C-0001")
    planned = visits_services.visit_plan(
        actor=cast["sales1"], customer=customer, data={"date": today(), "purpose": "送样"}
    )
    done = visits_services.visit_plan(
        actor=cast["sales1"], customer=customer, data={"date": today(), "purpose": "回访"}
    )
    visits_services.visit_check_in(
        visit=done, actor=cast["sales1"], latitude="30.2741", longitude="120.1551"
    )
    response = api("head").post(
        f"/api/customers/{customer.pk}/transfer/",
        {"to_user": cast["sales2"].pk, "reason": "区域调整"},
    )
    assert response.status_code == 200, response.data
    planned.refresh_from_db()
    done.refresh_from_db()
    # The planned visit follows the customer; the one already made stays with who made it.
    assert (planned.salesperson, done.salesperson) == (cast["sales2"], cast["sales1"])
    position = {"latitude": "30.2741", "longitude": "120.1551"}
    old = api("sales1").post(f"/api/visits/{planned.pk}/check-in/", position, format="json")
    assert old.status_code == 404
    new = api("sales2").post(f"/api/visits/{planned.pk}/check-in/", position, format="json")
    assert (new.status_code, new.data["status"]) == (200, "checked_in")


def test_item14_the_old_owners_page_cannot_check_in_either(api, client, cast):
    customer = Customer.objects.get(code="C-0001")
    planned = visits_services.visit_plan(
        actor=cast["sales1"], customer=customer, data={"date": today(), "purpose": "送样"}
    )
    customers_services.customer_transfer(
        customer=customer, actor=cast["head"], to_user=cast["sales2"], reason="区域调整"
    )
    client.force_login(cast["sales1"])
    response = client.post(
        f"/crm/visits/{planned.pk}/check-in/", {"latitude": "30.2741", "longitude": "120.1551"}
    )
    assert response.status_code == 404
    assert Visit.objects.get(pk=planned.pk).status == "planned"
