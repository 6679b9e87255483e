"""Who sees which trip, advance and claim (api.md, Visibility), now from org.access scopes."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from factories import AdvanceFactory
from helpers import approved_trip, days_from_today

from fieldsales.core.inbox import inbox
from fieldsales.org.models import AlternateApprover, RoleGrant
from fieldsales.trips import selectors


def fresh(username: str):
    return get_user_model().objects.select_related("employee").get(username=username)


def sees(username_or_user, pk: int) -> bool:
    user = fresh(username_or_user) if isinstance(username_or_user, str) else username_or_user
    return selectors.visible_trips(user=user).filter(pk=pk).exists()


def test_traveller_head_gm_finance_see_a_trip_another_salesperson_does_not(api, cast):
    pk = approved_trip(api)
    assert [sees(u, pk) for u in ("sales1", "head", "gm", "finance", "sales2")] == [
        True,
        True,
        True,
        True,
        False,
    ]


def test_a_granted_company_role_sees_every_trip(api, cast):
    pk = approved_trip(api)
    RoleGrant.objects.create(employee=cast["sales2"].employee, role="finance")
    assert sees("sales2", pk)


def test_an_alternate_approver_and_a_superuser_see_every_trip(api, cast):
    pk = approved_trip(api)
    AlternateApprover.objects.create(role="gm", user=cast["sales2"])
    assert sees("sales2", pk)
    boss = get_user_model().objects.create_superuser("root", password="x")
    assert sees(boss, pk)


def test_a_companion_sees_the_trip_but_not_the_travellers_advance(api, cast):
    response = api("sales1").post(
        "/api/trips/",
        {
            "purpose": "new_market",
            "destinations": [{"province": "浙江", "city": "杭州"}],
            "depart": days_from_today(20),
            "return": days_from_today(21),
            "companions": [{"user": "sales2"}],
        },
        format="json",
    )
    trip = response.data["id"]
    api("sales1").post(f"/api/trips/{trip}/submit/")
    advance = api("sales1").post("/api/advances/", {"trip": trip, "amount": "300.00"}).data["id"]

    assert sees("sales2", trip)
    assert not selectors.visible_advances(user=fresh("sales2")).filter(pk=advance).exists()
    assert selectors.visible_advances(user=fresh("head")).filter(pk=advance).exists()


def test_a_granted_finance_role_finds_advances_to_pay_in_the_inbox(cast):
    advance = AdvanceFactory(status="approved")
    RoleGrant.objects.create(employee=cast["head"].employee, role="finance")
    head = get_user_model().objects.get(pk=cast["head"].pk)
    rows = [(row.kind, row.id) for row in inbox(user=head)]
    assert ("advance", advance.pk) in rows
