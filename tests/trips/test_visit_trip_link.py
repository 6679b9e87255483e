"""The trip↔visit link is trips': what crm's visits ask of a trip, registered in crm."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from factories import ClaimFactory, TripFactory
from helpers import today

from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.crm.visits.links import trip_link
from fieldsales.crm.visits.services import trip_still_open
from fieldsales.trips import visits

pytestmark = pytest.mark.django_db


def test_trips_registers_the_link_crm_asks():
    link = trip_link()
    assert link is not None
    assert (link.choices, link.check, link.settled) == (
        visits.trip_choices,
        visits.check_visit_trip,
        visits.trip_settled,
    )


def test_choices_are_the_travellers_own_trips_newest_first():
    first = TripFactory()
    second = TripFactory(traveller=first.traveller)
    TripFactory()  # someone else's
    assert list(visits.trip_choices(first.traveller)) == [second, first]
    assert visits.trip_label(first) == (
        f"{first.number} {first.depart:%m-%d}—{first.return_date:%m-%d}"
    )


def test_a_visit_names_only_its_salespersons_trip_on_a_day_it_spans():
    trip = TripFactory()
    on_trip = SimpleNamespace(salesperson=trip.traveller, date=trip.depart)
    visits.check_visit_trip(on_trip, trip.pk)
    before = SimpleNamespace(salesperson=trip.traveller, date=trip.depart - timedelta(days=1))
    with pytest.raises(RuleBroken, match="拜访日期不在该出差的起止日期内"):
        visits.check_visit_trip(before, trip.pk)
    stranger = SimpleNamespace(salesperson=TripFactory().traveller, date=trip.depart)
    with pytest.raises(RuleBroken, match="只能关联本人有效的出差申请"):
        visits.check_visit_trip(stranger, trip.pk)


def test_a_trip_without_an_approved_claim_is_not_settled():
    trip = TripFactory()
    visit = SimpleNamespace(trip_id=trip.pk, salesperson_id=trip.traveller_id)
    assert visits.trip_settled(visit) is False


def test_trip_still_open_refuses_once_the_trips_claim_is_approved(cast):
    trip = TripFactory(traveller=cast["sales1"], depart=today(), status="approved")
    claim = ClaimFactory(trip=trip, status="approved")
    visit = SimpleNamespace(trip_id=claim.trip_id, salesperson_id=claim.claimant_id)
    assert visits.trip_settled(visit) is True
    with pytest.raises(InvalidTransition, match="该出差的报销单已批准"):
        trip_still_open(visit)
    trip_still_open(SimpleNamespace(trip_id=None, salesperson_id=claim.claimant_id))
