"""Item 16: every input that used to answer 500 answers 400, at one place for all of them."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from helpers import days_from_today, today
from test_api_lifecycle import approved_trip, plan_trip

from fieldsales.crm.models import Contact, Customer
from fieldsales.trips.models import Advance, Claim, Trip

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000
TRAIN = {"id": "t1", "kind": "train", "amount": "50.00", "seat": "second_class", "hours": 1}


def post_raw(client, url, body, content_type="application/json"):
    return client.generic("POST", url, body, content_type=content_type)


# ---------------------------------------------------------------- nesting


@pytest.mark.parametrize("url", ["/api/trips/", "/api/claims/", "/api/auth/token/"])
def test_deeply_nested_json_is_a_json_400(api, url):
    response = post_raw(api("sales1"), url, DEEP)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "嵌套" in response.json()["detail"]


def test_deeply_nested_json_to_the_token_view_anonymously_is_a_400(client, cast):
    response = post_raw(client, "/api/auth/token/", DEEP)
    assert response.status_code == 400
    assert "嵌套" in response.json()["detail"]


def test_json_nested_deeper_than_any_document_needs_is_refused(api):
    trip = approved_trip(api)
    item = dict(TRAIN, note=json.loads("[" * 30 + "]" * 30))
    body = json.dumps({"trip": trip["id"], "items": [item]})
    assert post_raw(api("sales1"), "/api/claims/", body).status_code == 400
    assert Claim.objects.count() == 0


# ---------------------------------------------------------------- lone surrogates


def test_a_lone_surrogate_in_a_claim_item_is_400_and_saves_nothing(api, client, cast):
    trip = approved_trip(api)
    body = json.dumps({"trip": trip["id"], "items": [dict(TRAIN, note="x")]})
    body = body.replace('"x"', '"\\ud800"')
    response = post_raw(api("sales1"), "/api/claims/", body)
    assert response.status_code == 400
    assert "U+D800" in response.json()["detail"]
    assert Claim.objects.count() == 0
    assert api("sales1").get("/api/claims/").status_code == 200
    client.force_login(cast["sales1"])
    assert client.get(f"/trips/{trip['id']}/").status_code == 200


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/trips/", '{"purpose": "customer_visit", "note": "\\udfff"}'),
        ("/api/trips/", '{"\\ud800": 1}'),
        ("/api/auth/token/", '{"username": "\\ud83d", "password": "x"}'),
        ("/api/customers/", '{"name": "\\ud800公司"}'),
    ],
)
def test_a_lone_surrogate_anywhere_in_an_api_body_is_400(api, url, body):
    response = post_raw(api("sales1"), url, body)
    assert response.status_code == 400
    assert "U+D800" in response.json()["detail"]


def test_a_lone_surrogate_in_a_page_form_is_400(client, cast):
    """A client declaring charset=unicode_escape puts a lone surrogate in multipart form input;
    the trip page then failed to encode it (500)."""
    client.force_login(cast["sales1"])
    body = (
        b'--BB\r\nContent-Disposition: form-data; name="purpose"\r\n\r\ncustomer_visit\r\n'
        b'--BB\r\nContent-Disposition: form-data; name="note"\r\n\r\n\\ud800\r\n--BB--\r\n'
    )
    content_type = "multipart/form-data; boundary=BB; charset=unicode_escape"
    response = post_raw(client, "/trips/new/", body, content_type)
    assert response.status_code == 400
    assert "U+D800" in response.content.decode()
    assert Trip.objects.count() == 0


# ---------------------------------------------------------------- size


def test_a_16_mb_api_body_is_a_json_400(api):
    body = json.dumps({"note": "a" * (16 * 1024 * 1024)})
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post_raw(api("sales1"), "/api/trips/", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "过大" in response.json()["detail"]


# ---------------------------------------------------------------- ASCII digits only


@pytest.mark.parametrize("amount", ["５００", "٥٠٠", "۵۰۰", "५००", "5_00", "300.５"])
def test_an_advance_amount_is_ascii_digits_only(api, amount):
    trip = approved_trip(api)
    response = api("sales1").post(
        "/api/advances/", {"trip": trip["id"], "amount": amount}, format="json"
    )
    assert response.status_code == 400
    assert list(response.data) == ["amount"]
    assert Advance.objects.count() == 0


@pytest.mark.parametrize("digit", ["１", "١", "۱"])
def test_ids_are_ascii_digits_only(api, digit):
    zero = ord(digit) - 1  # the script's own 0: its digits follow in order

    def in_script(number: int) -> str:
        return "".join(chr(zero + int(d)) for d in str(number))

    trip = approved_trip(api)
    response = api("sales1").post(
        "/api/advances/", {"trip": in_script(trip["id"]), "amount": "100.00"}, format="json"
    )
    assert (response.status_code, list(response.data)) == (400, ["trip"])
    customer = Customer.objects.get(code="C-0001")
    contact = api("sales1").post(
        "/api/contacts/", {"customer": in_script(customer.pk), "name": "赵"}
    )
    assert (contact.status_code, list(contact.data)) == (400, ["customer"])
    assert Contact.objects.filter(name="赵").count() == 0


def test_the_advance_page_refuses_full_width_digits(api, client, cast):
    trip = approved_trip(api)
    client.force_login(cast["sales1"])
    response = client.post(f"/trips/{trip['id']}/advance/", {"amount": "５００", "reason": "x"})
    assert response.status_code == 200
    assert Advance.objects.count() == 0


def test_the_claim_page_refuses_full_width_digits(api, client, cast):
    trip = approved_trip(api)
    client.force_login(cast["sales1"])
    body = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-kind": "train",
        "items-0-amount": "５０.00",
        "items-0-seat": "second_class",
        "items-0-hours": "١",
    }
    response = client.post(f"/trips/{trip['id']}/claim/", body)
    assert response.status_code == 400
    assert set(response.context["formset"].forms[0].errors) == {"amount", "hours"}
    assert Claim.objects.count() == 0


def test_a_trip_page_companion_chosen_by_a_non_ascii_id_is_not_a_choice(client, cast):
    client.force_login(cast["sales1"])
    full_width = str(cast["sales2"].pk).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    body = {
        "purpose": "customer_visit",
        "province": "浙江省",
        "city": "杭州市",
        "depart": days_from_today(1),
        "return_date": days_from_today(2),
        "companions": full_width,
    }
    response = client.post("/trips/new/", body)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["companions"]
    assert Trip.objects.count() == 0


# ---------------------------------------------------------------- a sane window for trip dates


@pytest.mark.parametrize(
    ("depart", "ret", "field"),
    [
        ("1900-01-01", "1900-01-02", "depart"),
        ("2012-03-30", 1, "depart"),  # the day before the first policy
        (1, "2099-01-01", "return"),
        (366, 367, "depart"),
    ],
)
def test_trip_dates_lie_between_the_first_policy_and_a_year_ahead(api, depart, ret, field):
    # Days from today are counted when the test runs, not when it is collected (a run that
    # crosses midnight would otherwise ask for a different day).
    depart, ret = (days_from_today(d) if isinstance(d, int) else d for d in (depart, ret))
    body = {
        "purpose": "customer_visit",
        "destinations": [{"province": "浙江", "city": "杭州"}],
        "depart": depart,
        "return": ret,
    }
    response = api("sales1").post("/api/trips/", body, format="json")
    assert (response.status_code, list(response.data)) == (400, [field])
    assert "2012-03-31" in response.data[field][0]


def test_a_trip_a_year_ahead_is_still_accepted(api):
    year_ahead = today().replace(year=today().year + 1) if today().day != 29 else None
    if year_ahead is None:
        pytest.skip("29 February")
    trip = plan_trip(api, depart=year_ahead.isoformat(), **{"return": year_ahead.isoformat()})
    assert trip["depart"] == year_ahead.isoformat()


def test_the_trip_page_names_the_date_outside_the_window(client, cast):
    client.force_login(cast["sales1"])
    body = {
        "purpose": "customer_visit",
        "province": "浙江省",
        "city": "杭州市",
        "depart": "1999-01-01",
        "return_date": "1999-01-02",
    }
    response = client.post("/trips/new/", body)
    assert response.status_code == 200
    assert "depart" in response.context["form"].errors
    assert Trip.objects.count() == 0
