"""Issue 8 item 17: finance reads a customer's name where a trip names it, not the CRM."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from factories import TripFactory
from helpers import png_data_url, today
from test_crm_pages import PAGES

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.models import Customer, Visit
from fieldsales.crm.pipeline import selectors as pipeline_selectors
from fieldsales.crm.service import selectors as service_selectors
from fieldsales.crm.surveys import selectors as surveys_selectors
from fieldsales.crm.visits import selectors as visits_selectors
from fieldsales.crm.visits import services as visits_services

pytestmark = pytest.mark.django_db

RECORD = {"content": "介绍新款 550W 组件"}


@pytest.fixture
def signed_visit_on_a_trip(cast):
    customer = Customer.objects.get(code="C-0001")
    trip = TripFactory(
        traveller=cast["sales1"],
        depart=today(),
        return_date=today() + timedelta(days=1),
        customers=[customer.pk],
        status="approved",
    )
    visit = visits_services.visit_plan(
        actor=cast["sales1"],
        customer=customer,
        data={"date": today(), "purpose": "回访", "trip": trip.pk},
    )
    visits_services.visit_check_in(
        visit=visit, actor=cast["sales1"], latitude="30.274150", longitude="120.155070"
    )
    visits_services.visit_record(visit=visit, actor=cast["sales1"], data=RECORD)
    visits_services.visit_sign(
        visit=visit, actor=cast["sales1"], signer_name="赵建华", signature=png_data_url()
    )
    return trip, Visit.objects.get(pk=visit.pk)


def test_item17_finance_sees_no_customer_contact_visit_or_survey(cast):
    finance = cast["finance"]
    assert customer_rules.uses_crm(finance) is False
    assert customers_selectors.visible_customers(user=finance).count() == 0
    assert customers_selectors.visible_contacts(user=finance).count() == 0
    assert visits_selectors.visible_visits(user=finance).count() == 0
    assert pipeline_selectors.visible_opportunities(user=finance).count() == 0
    assert service_selectors.visible_service_requests(user=finance).count() == 0
    assert surveys_selectors.visible_surveys(user=finance).count() == 0
    assert customers_selectors.visible_customers(user=cast["gm"]).count() == 7


@pytest.mark.parametrize("path", PAGES)
def test_item17_every_crm_page_is_404_for_finance(client, cast, path):
    client.force_login(cast["finance"])
    assert client.get(path).status_code == 404


def test_item17_customer_visit_photo_signature_and_sheets_are_404_for_finance(
    client, cast, signed_visit_on_a_trip
):
    _trip, visit = signed_visit_on_a_trip
    customer = visit.customer
    paths = [
        f"/crm/customers/{customer.pk}/",
        f"/crm/visits/{visit.pk}/",
        f"/crm/visits/{visit.pk}/feedback/",
        f"/crm/visits/{visit.pk}/feedback.pdf",
        "/crm/customers/sheet.xlsx",
        "/crm/visits/plan.xlsx",
        "/crm/customers/duplicates/?name=杭州阳光新能源",
    ]
    client.force_login(cast["gm"])
    assert [client.get(p).status_code for p in paths] == [200] * len(paths)
    client.force_login(cast["finance"])
    assert [client.get(p).status_code for p in paths] == [404] * len(paths)


def test_item17_every_crm_endpoint_is_404_for_finance(api, signed_visit_on_a_trip):
    _trip, visit = signed_visit_on_a_trip
    customer = visit.customer
    paths = [
        "/api/customers/",
        f"/api/customers/{customer.pk}/",
        f"/api/customers/{customer.pk}/transfers/",
        "/api/customers/duplicates/?name=杭州阳光新能源",
        "/api/customers/overdue-revisits/",
        "/api/contacts/",
        "/api/opportunities/",
        "/api/visits/",
        f"/api/visits/{visit.pk}/",
        "/api/service-requests/",
        "/api/surveys/",
    ]
    assert [api("gm").get(p).status_code for p in paths] == [200] * len(paths)
    assert [api("finance").get(p).status_code for p in paths] == [404] * len(paths)
    assert api(None).get("/api/customers/").status_code == 401


def test_item17_finance_has_no_customer_nav_but_reads_the_trips_customers(
    client, cast, signed_visit_on_a_trip
):
    from fieldsales.trips.models import TripReport

    trip, visit = signed_visit_on_a_trip
    TripReport.objects.create(
        trip=trip,
        actual_depart=trip.depart,
        actual_return=trip.return_date,
        route="杭州",
        submitted_on=today(),
    )
    client.force_login(cast["finance"])
    home = client.get("/").content.decode()
    assert not re.search(r'<a href="/crm/"', home)
    page = client.get(f"/trips/{trip.pk}/").content.decode()
    assert "杭州阳光新能源科技有限公司" in page  # the trip names its customer...
    assert f"/crm/visits/{visit.pk}/" not in page  # ...without a way into the CRM
    client.force_login(cast["sales1"])
    assert re.search(r'<a href="/crm/"', client.get("/").content.decode())
    assert f"/crm/visits/{visit.pk}/" in client.get(f"/trips/{trip.pk}/").content.decode()
