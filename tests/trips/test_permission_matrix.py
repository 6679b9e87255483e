"""Every role × action × relation to the document, from one table: no unexpected allow."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from helpers import days_from_today

from fieldsales.org.models import Department, Employee, Role

pytestmark = pytest.mark.django_db

# Actors: the author, a colleague of the same department, the author's head, the GM,
# finance, admin, and a salesperson and head of another department.
ACTORS = ["sales1", "sales2", "head", "gm", "finance", "admin", "other_sales", "other_head"]

# (document state, action) -> {actor: expected status}; every actor must be listed.
TRIP_MATRIX = {
    ("submitted", "view"): dict(sales1=200, sales2=404, head=200, gm=200, finance=200, admin=200,
                                other_sales=404, other_head=404),
    ("submitted", "approve"): dict(sales1=403, sales2=404, head=200, gm=409, finance=403,
                                   admin=403, other_sales=404, other_head=404),
    ("submitted", "reject"): dict(sales1=403, sales2=404, head=200, gm=409, finance=403,
                                  admin=403, other_sales=404, other_head=404),
    ("submitted", "cancel"): dict(sales1=200, sales2=404, head=403, gm=403, finance=403,
                                  admin=403, other_sales=404, other_head=404),
    ("submitted", "submit"): dict(sales1=409, sales2=404, head=403, gm=403, finance=403,
                                  admin=403, other_sales=404, other_head=404),
    ("head_approved", "approve"): dict(sales1=403, sales2=404, head=409, gm=200, finance=403,
                                       admin=403, other_sales=404, other_head=404),
    ("draft", "submit"): dict(sales1=200, sales2=404, head=403, gm=403, finance=403, admin=403,
                              other_sales=404, other_head=404),
    ("draft", "edit"): dict(sales1=200, sales2=404, head=403, gm=403, finance=403, admin=403,
                            other_sales=404, other_head=404),
    ("approved", "special-case"): dict(sales1=403, sales2=404, head=403, gm=200, finance=403,
                                       admin=403, other_sales=404, other_head=404),
}
CASES = [
    (state, action, actor, expected)
    for (state, action), expected_by_actor in TRIP_MATRIX.items()
    for actor, expected in expected_by_actor.items()
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
    body = {"purpose": "customer_visit", "destinations": [{"province": "浙江", "city": "杭州"}],
            "depart": days_from_today(1), "return": days_from_today(2)}
    trip = api("sales1").post("/api/trips/", body, format="json").data["id"]
    if state == "draft":
        return trip
    api("sales1").post(f"/api/trips/{trip}/submit/")
    if state in ("head_approved", "approved"):
        api("head").post(f"/api/trips/{trip}/approve/")
    if state == "approved":
        api("gm").post(f"/api/trips/{trip}/approve/")
    return trip


def perform(client, trip: int, action: str):
    if action == "view":
        return client.get(f"/api/trips/{trip}/")
    if action == "edit":
        return client.patch(f"/api/trips/{trip}/", {"note": "x"}, format="json")
    body = {"reason": "客户验收延期"} if action == "special-case" else {}
    return client.post(f"/api/trips/{trip}/{action}/", body, format="json")


def test_matrix_lists_every_actor():
    assert all(set(row) == set(ACTORS) for row in TRIP_MATRIX.values())


@pytest.mark.parametrize(("state", "action", "actor", "expected"), CASES)
def test_trip_permission_matrix(world, state, action, actor, expected):
    trip = trip_in_state(world, state)
    response = perform(world(actor), trip, action)
    assert response.status_code == expected, response.data


ADVANCE_MATRIX = {
    "approve": dict(sales1=403, sales2=404, head=403, gm=409, finance=200, admin=403,
                    other_sales=404, other_head=404),
    "pay": dict(sales1=403, sales2=404, head=403, gm=403, finance=409, admin=403,
                other_sales=404, other_head=404),
}


@pytest.mark.parametrize(
    ("action", "actor", "expected"),
    [(a, actor, code) for a, row in ADVANCE_MATRIX.items() for actor, code in row.items()],
)
def test_advance_permission_matrix(world, action, actor, expected):
    trip = trip_in_state(world, "approved")
    advance = world("sales1").post("/api/advances/", {"trip": trip, "amount": "100.00"},
                                   format="json").data["id"]
    response = world(actor).post(f"/api/advances/{advance}/{action}/")
    assert response.status_code == expected, response.data
