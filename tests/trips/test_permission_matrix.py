"""Every role × action × relation to the document, from one table: no unexpected allow."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from factories import AdvanceFactory, TripFactory

from fieldsales.org.models import Department, Employee, Role
from fieldsales.trips import services
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db

# Actors: the author, a colleague of the same department, the author's head, the GM,
# finance, admin, and a salesperson and head of another department.
ACTORS = ["sales1", "sales2", "head", "gm", "finance", "admin", "other_sales", "other_head"]

# One row per (document state, action); one column per actor: the expected HTTP status.
TRIP_MATRIX = """
state          action        sales1 sales2 head gm  finance admin other_sales other_head
submitted      view          200    404    200  200 200     200   404         404
submitted      approve       403    404    200  409 403     403   404         404
submitted      reject        403    404    200  409 403     403   404         404
submitted      cancel        200    404    403  403 403     403   404         404
submitted      submit        409    404    403  403 403     403   404         404
head_approved  approve       403    404    409  200 403     403   404         404
draft          submit        200    404    403  403 403     403   404         404
draft          edit          200    404    403  403 403     403   404         404
approved       special-case  403    404    403  200 403     403   404         404
approved       cancel        409    404    403  403 403     403   404         404
"""
ADVANCE_MATRIX = """
state          action        sales1 sales2 head gm  finance admin other_sales other_head
submitted      approve       403    404    403  409 200     403   404         404
submitted      pay           403    404    403  403 409     403   404         404
submitted      cancel        200    404    403  403 409     403   404         404
"""


def parse_matrix(text: str) -> list[tuple[str, str, str, int]]:
    header, *rows = (line.split() for line in text.strip().splitlines())
    assert header[2:] == ACTORS
    return [
        (state, action, actor, int(code))
        for state, action, *codes in rows
        for actor, code in zip(ACTORS, codes, strict=True)
    ]


@pytest.fixture
def world(cast, api):
    """The demo company plus a second department with its own salesperson and head."""
    User = get_user_model()
    company = cast["head"].employee.department.company
    other = Department.objects.create(company=company, name="市场部")
    for username, role in (("other_sales", Role.SALESPERSON), ("other_head", Role.DEPT_HEAD)):
        user = User.objects.create_user(username=username, password="x")
        Employee.objects.create(user=user, role=role, department=other)
        cast[username] = user
    other.head = User.objects.get(username="other_head")
    other.save()
    assert set(ACTORS) <= set(User.objects.values_list("username", flat=True))
    return api


def trip_in_state(api, state: str) -> int:
    """sales1's trip, in `state` (head_approved: the head approved, the GM not yet)."""
    User = get_user_model()
    sales1 = User.objects.get(username="sales1")
    if state == "head_approved":
        trip = TripFactory(traveller=sales1, status="submitted")
        services.trip_decide(trip=trip, actor=User.objects.get(username="head"), action="approve")
        return trip.pk
    return TripFactory(traveller=sales1, status=state).pk


def perform(client, trip: int, action: str):
    if action == "view":
        return client.get(f"/api/trips/{trip}/")
    if action == "edit":
        return client.patch(f"/api/trips/{trip}/", {"note": "x"}, format="json")
    body = {"reason": "客户验收延期"} if action == "special-case" else {}
    if action == "reject":
        body = {"comment": "日期再议"}  # a reject needs a reason (issue 10.8)
    return client.post(f"/api/trips/{trip}/{action}/", body, format="json")


@pytest.mark.parametrize(("state", "action", "actor", "expected"), parse_matrix(TRIP_MATRIX))
def test_trip_permission_matrix(world, state, action, actor, expected):
    trip = trip_in_state(world, state)
    response = perform(world(actor), trip, action)
    assert response.status_code == expected, response.data


@pytest.mark.parametrize(("state", "action", "actor", "expected"), parse_matrix(ADVANCE_MATRIX))
def test_advance_permission_matrix(world, state, action, actor, expected):
    assert state == "submitted"  # an advance is submitted when it is requested
    trip = trip_in_state(world, "approved")
    advance = AdvanceFactory(trip=Trip.objects.get(pk=trip), amount=Decimal("100.00")).pk
    response = world(actor).post(f"/api/advances/{advance}/{action}/")
    assert response.status_code == expected, response.data
