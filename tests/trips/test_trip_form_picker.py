"""Issue 10 item 12: the trip form picks companions and customers by name (JSON pickers,
chips), only among the customers the user may see and the colleagues the rules allow; the
estimate's total follows to the phone's bottom bar."""

from __future__ import annotations

import pytest
from helpers import days_from_today

from fieldsales.crm.models import Customer
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db


def trip_body(**extra):
    body = {
        "purpose": "customer_visit",
        "province": "浙江省",
        "city": "杭州市",
        "depart": days_from_today(1),
        "return_date": days_from_today(2),
        "save": "1",
    }
    return body | extra


def test_customers_picked_by_name_only_among_those_the_user_sees(client, cast):
    mine = Customer.objects.get(code="C-0001")
    theirs = Customer.objects.filter(owner=cast["sales2"]).first()
    client.force_login(cast["sales1"])
    found = client.get("/trips/pick/customers/", {"q": mine.name[:2]}).json()["results"]
    assert {"id": mine.pk, "name": mine.name, "meta": mine.city} in found
    everything = client.get("/trips/pick/customers/", {"q": ""}).json()["results"]
    assert theirs.pk not in [r["id"] for r in everything]
    by_city = client.get("/trips/pick/customers/", {"q": mine.city}).json()["results"]
    assert mine.pk in [r["id"] for r in by_city]
    # Posting a customer the picker would not offer is refused, not saved.
    response = client.post("/trips/new/", trip_body(customers=[theirs.pk]))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["customers"]
    assert Trip.objects.count() == 0


def test_companions_picked_by_name_with_department_never_a_login(client, cast):
    client.force_login(cast["sales1"])
    everyone = client.get("/trips/pick/companions/", {"q": ""}).json()["results"]
    ids = [r["id"] for r in everyone]
    assert cast["sales1"].pk not in ids  # not oneself
    assert cast["sales2"].pk in ids and cast["head"].pk in ids
    assert cast["finance"].pk not in ids and cast["gm"].pk not in ids  # current rules
    sales2 = next(r for r in everyone if r["id"] == cast["sales2"].pk)
    assert sales2["meta"] == cast["sales2"].employee.department.name
    assert set(sales2) == {"id", "name", "meta"}
    assert all(r["name"] != cast["sales2"].username for r in everyone)
    name = sales2["name"]
    typed = client.get("/trips/pick/companions/", {"q": name[-1]}).json()["results"]
    assert cast["sales2"].pk in [r["id"] for r in typed]
    assert client.get("/trips/pick/companions/", {"q": "没有这个人"}).json()["results"] == []


def test_pickers_need_a_login(client):
    assert client.get("/trips/pick/customers/").status_code == 302
    assert client.get("/trips/pick/companions/").status_code == 302


def test_the_form_saves_several_companions_each_invited_or_not_and_the_customers(client, cast):
    customer = Customer.objects.get(code="C-0001")
    client.force_login(cast["sales1"])
    body = trip_body(
        customers=[customer.pk],
        companions=[cast["sales2"].pk, cast["head"].pk],
        companions_invited=[cast["sales2"].pk],
    )
    response = client.post("/trips/new/", body)
    assert response.status_code == 302, response.context["form"].errors
    trip = Trip.objects.get()
    assert list(trip.customers.all()) == [customer]
    invited = {c.user_id: c.invited for c in trip.companions.all()}
    assert invited == {cast["sales2"].pk: True, cast["head"].pk: False}

    # Editing the draft shows them as chips (name, department / city), no checkbox list.
    page = client.get(f"/trips/{trip.pk}/edit/")
    form = page.context["form"]
    assert [c["id"] for c in form.chosen_customers()] == [customer.pk]
    chosen = {c["id"]: c["invited"] for c in form.chosen_companions()}
    assert chosen == invited
    html = page.content.decode()
    assert 'class="chip"' in html and 'type="checkbox" name="customers"' not in html
    assert cast["sales2"].username not in html.split('id="trip-form"')[1]


def test_a_companion_the_rules_do_not_allow_is_refused(client, cast):
    client.force_login(cast["sales1"])
    response = client.post("/trips/new/", trip_body(companions=[cast["finance"].pk]))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["companions"]


def test_a_refused_save_keeps_the_chips(client, cast):
    customer = Customer.objects.get(code="C-0001")
    client.force_login(cast["sales1"])
    body = trip_body(customers=[customer.pk], companions=[cast["sales2"].pk])
    body["return_date"] = days_from_today(0)  # before the departure
    page = client.post("/trips/new/", body)
    assert page.status_code == 200
    assert [c["id"] for c in page.context["form"].chosen_customers()] == [customer.pk]
    assert [c["id"] for c in page.context["form"].chosen_companions()] == [cast["sales2"].pk]


def test_the_estimate_total_goes_to_the_bottom_bar(client, cast):
    client.force_login(cast["sales1"])
    page = client.get("/trips/new/").content.decode()
    assert 'class="submit-bar"' in page and 'id="estimate-total"' in page
    preview = client.post("/trips/estimate/", trip_body(), headers={"HX-Request": "true"})
    html = preview.content.decode()
    assert 'id="estimate-total" class="money" hx-swap-oob="true">¥' in html
