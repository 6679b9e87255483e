"""Issue 8 item 12: `next=` (and the Referer used as a way back) leads only to this site,
checked by one helper with Django's url_has_allowed_host_and_scheme."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from factories import TripFactory

from fieldsales.core.redirects import safe_next
from fieldsales.crm.models import Customer, Opportunity

EVIL = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example/phish",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http://testserver.evil.example/",
]


@pytest.mark.parametrize("url", EVIL)
def test_item12_safe_next_refuses_other_sites(url):
    request = RequestFactory().post("/x/", {"next": url}, HTTP_REFERER=url)
    assert safe_next(request, referer=True) is None


@pytest.mark.parametrize("url", ["/crm/customers/?page=2", "http://testserver/trips/"])
def test_item12_safe_next_keeps_this_site(url):
    assert safe_next(RequestFactory().get("/x/", {"next": url})) == url


def test_item12_https_page_does_not_send_back_to_http():
    request = RequestFactory().get("/x/", {"next": "http://testserver/"}, secure=True)
    assert safe_next(request) is None


@pytest.fixture
def sales1(cast):
    client = Client()
    client.force_login(cast["sales1"])
    return client


@pytest.mark.parametrize("url", EVIL)
def test_item12_crm_way_back_stays_on_the_site(cast, sales1, url):
    opportunity = Opportunity.objects.filter(owner=cast["sales1"]).first()
    answer = sales1.post(f"/crm/opportunities/{opportunity.pk}/move/", {"next": url})
    assert answer.status_code == 302
    assert answer["Location"] == f"/crm/opportunities/{opportunity.pk}/"


def test_item12_crm_action_error_ignores_a_foreign_referer(cast, sales1):
    customer = Customer.objects.filter(owner=cast["sales1"]).first()
    answer = sales1.post(
        f"/crm/customers/{customer.pk}/claim/", HTTP_REFERER="https://evil.example/"
    )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("crm:customer_list")


@pytest.mark.parametrize("url", EVIL)
def test_item12_trip_action_error_stays_on_the_site(cast, api, sales1, url):
    customer = Customer.objects.get(code="C-0001")
    trip = {"id": TripFactory(traveller=cast["sales1"], customers=[customer.pk]).pk}
    # Approving one's own trip is refused: the page goes back, never to another site.
    answer = sales1.post(
        f"/trips/{trip['id']}/approve/", {"next": url}, HTTP_REFERER="https://evil.example/"
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/"
    answer = sales1.post(f"/trips/{trip['id']}/approve/", {"next": "/trips/"})
    assert answer["Location"] == "/trips/"


@pytest.mark.parametrize("url", EVIL)
def test_item12_login_next_stays_on_the_site(cast, url):
    answer = Client().post(
        f"/login/?next={url}", {"username": "sales1", "password": "demo-pass-2026", "next": url}
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/"
