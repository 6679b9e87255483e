"""P7.2 across apps: a customer's signed feedback on a CRM visit made during the trip counts."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from factories import TripFactory
from helpers import png_data_url, today

from fieldsales.crm.models import Customer
from fieldsales.crm.visits import services as visits_services
from fieldsales.trips import selectors
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db


def trip_today(api, customer) -> Trip:
    """sales1's one-day trip to 杭州 today, visiting `customer`, approved."""
    return TripFactory(
        traveller=get_user_model().objects.get(username="sales1"),
        depart=today(),
        return_date=today(),
        customers=[customer.pk],
        status="approved",
    )


def test_p7_2_feedback_signed_on_a_crm_visit_of_the_trip(api, cast):
    customer = Customer.objects.get(code="C-0001")
    trip = trip_today(api, customer)
    assert selectors.trip_input(trip=trip)["customers"][0]["feedback_signed"] is False

    visit = visits_services.visit_plan(
        actor=cast["sales1"],
        customer=customer,
        data={"date": today(), "purpose": "送样", "trip": trip.pk},
    )
    visits_services.visit_check_in(
        visit=visit, actor=cast["sales1"], latitude="30.2741", longitude="120.1551"
    )
    visits_services.visit_record(
        visit=visit, actor=cast["sales1"], data={"content": "介绍新款组件"}
    )
    visits_services.visit_sign(
        visit=visit,
        actor=cast["sales1"],
        signer_name="赵经理",
        signature=png_data_url(),
        satisfaction=4,
    )

    assert selectors.trip_input(trip=trip)["customers"][0]["feedback_signed"] is True
    claim = api("sales1").post("/api/claims/", {"trip": trip.pk, "items": []}, format="json")
    assert "missing_visit_feedback" not in {v["code"] for v in claim.data["violations"]}
