"""Issue 7, records: system audit entries (item 9), one visit feedback (10), report timing (11)."""

from __future__ import annotations

import pytest
from helpers import days_from_today

from fieldsales.crm.models import Customer
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db


def approved_trip(api, *, depart: int = 0, ret: int = 0, customers=("C-0001",)) -> Trip:
    trip = (
        api("sales1")
        .post(
            "/api/trips/",
            {
                "purpose": "customer_visit",
                "destinations": [{"province": "浙江", "city": "杭州"}],
                "depart": days_from_today(depart),
                "return": days_from_today(ret),
                "customers": [Customer.objects.get(code=c).pk for c in customers],
            },
            format="json",
        )
        .data["id"]
    )
    api("sales1").post(f"/api/trips/{trip}/submit/")
    api("head").post(f"/api/trips/{trip}/approve/")
    api("gm").post(f"/api/trips/{trip}/approve/")
    return Trip.objects.get(pk=trip)


# ---------------------------------------------------------------- item 9


def test_item9_trip_page_after_claim_submitted_shows_system_entry(api, client, cast):
    trip = approved_trip(api)
    claim = api("sales1").post("/api/claims/", {"trip": trip.pk, "items": []}, format="json")
    assert api("sales1").post(f"/api/claims/{claim.data['id']}/submit/").status_code == 200
    for who in ("sales1", "head", "gm", "finance"):
        client.force_login(cast[who])
        page = client.get(f"/trips/{trip.pk}/")
        assert page.status_code == 200, who
        assert "系统" in page.content.decode()


def test_item9_trip_api_names_the_system_as_actor(api):
    trip = approved_trip(api)
    claim = api("sales1").post("/api/claims/", {"trip": trip.pk, "items": []}, format="json")
    api("sales1").post(f"/api/claims/{claim.data['id']}/submit/")
    history = api("head").get(f"/api/trips/{trip.pk}/").data["history"]
    [entry] = [e for e in history if e["action"] == "claim_submitted"]
    assert (entry["actor"], entry["actor_name"], entry["to_status"]) == (None, "系统", "claimed")
