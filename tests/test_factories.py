"""The factories build documents through the services: the chain, the decisions and the audit
rows are those of a real document, not a status written into a row."""

from __future__ import annotations

import pytest
from factories import (
    AdvanceFactory,
    ClaimFactory,
    ContactFactory,
    CustomerFactory,
    OpportunityFactory,
    TripFactory,
    VisitFactory,
    department_with_head,
    user_with_role,
)

from fieldsales.core.audit import audit_trail
from fieldsales.org.models import Role

pytestmark = pytest.mark.django_db


def test_an_approved_trip_carries_its_chain_decisions_and_audit(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved", comments=["", "同意"])

    assert [step["role"] for step in trip.chain] == ["dept_head", "gm"]
    assert [(a.user.username, a.comment) for a in trip.approvals()] == [
        ("head", ""),
        ("gm", "同意"),
    ]
    assert [e.action for e in audit_trail(trip)] == ["create", "submit", "approve", "approve"]


def test_a_travellers_trips_never_overlap():
    traveller = user_with_role(Role.SALESPERSON)
    first, second = TripFactory(traveller=traveller), TripFactory(traveller=traveller)
    assert second.depart > first.return_date


def test_a_paid_advance_and_a_settled_claim_went_through_finance(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")

    advance = AdvanceFactory(trip=trip, status="paid")
    claim = ClaimFactory(trip=trip, status="settled")

    assert (advance.paid_by.username, claim.settled_by.username) == ("finance", "finance")
    assert [a.user.username for a in claim.approvals()] == ["head", "finance"]
    assert claim.advance_deducted == advance.amount


def test_a_department_of_its_own_gives_its_head_the_first_step(cast):
    department = department_with_head()
    salesperson = user_with_role(Role.SALESPERSON, department=department)

    trip = TripFactory(traveller=salesperson, status="approved")

    assert trip.approvals()[0].user == department.head


def test_crm_documents_are_created_by_their_salesperson(cast):
    customer = CustomerFactory(actor=cast["sales2"])
    contact = ContactFactory(customer=customer)
    opportunity = OpportunityFactory(customer=customer)
    visit = VisitFactory(customer=customer)

    assert customer.owner == opportunity.owner == visit.salesperson == cast["sales2"]
    assert contact.customer == customer
    assert [e.action for e in audit_trail(customer)][0] == "create"
    assert opportunity.changes.count() == 1
    assert visit.status == "planned"
