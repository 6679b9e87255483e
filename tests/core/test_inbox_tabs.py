"""Issue 10.6/10.8: the inbox's rows, tabs (待我处理, 我已处理, 我发起的, 抄送我), search and
filters, paged in the database with a number of queries that does not grow with the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import ClaimFactory, TripFactory
from helpers import days_from_today, today

from fieldsales.core.inbox import inbox, inbox_count, inbox_people
from fieldsales.core.workflow import roles_of
from fieldsales.crm.models import Customer
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db


def submitted_trip(api, user="sales1", start=1, city="杭州", companions=()) -> int:
    body = {
        "purpose": "customer_visit",
        "destinations": [{"province": "浙江", "city": city}, {"province": "浙江", "city": "宁波"}],
        "depart": days_from_today(start),
        "return": days_from_today(start + 1),
        "companions": [{"user": c, "invited": False} for c in companions],
    }
    response = api(user).post("/api/trips/", body, format="json")
    assert response.status_code == 201, response.data
    trip = response.data["id"]
    assert api(user).post(f"/api/trips/{trip}/submit/").status_code == 200
    return trip


TRIPS_KINDS = ("trip", "advance", "claim")  # the demo's sales documents are not these tests'


def ids(api, user, query="") -> list[int]:
    response = api(user).get(f"/api/approvals/inbox/{query}")
    assert response.status_code == 200, response.data
    return [row["id"] for row in response.data["results"] if row["kind"] in TRIPS_KINDS]


def test_a_row_shows_destination_dates_and_waiting_since(api):
    trip = submitted_trip(api, start=3)
    [row] = api("head").get("/api/approvals/inbox/").data["results"]
    assert row["id"] == trip
    assert (row["subject"], row["subject_count"]) == ("杭州市", 2)
    assert (str(row["date_from"]), str(row["date_to"])) == (days_from_today(3), days_from_today(4))
    assert row["waiting_since"] is not None
    assert row["decidable"] is True


def test_the_page_shows_what_a_dingtalk_approver_sees(api, client, cast):
    submitted_trip(api, start=3)
    client.force_login(cast["head"])
    page = client.get("/approvals/").content.decode()
    assert "杭州市 等2地" in page
    assert "已等待" in page
    assert 'name="doc" value="trip:' in page  # a checkbox for bulk approval


def test_the_author_finds_a_rejected_trip_in_todo(api, cast):
    trip = submitted_trip(api)
    api("head").post(f"/api/trips/{trip}/reject/", {"comment": "请补充拜访客户"})
    assert ids(api, "sales1") == [trip]
    assert inbox_count(user=cast["sales1"]) == 1
    [row] = api("sales1").get("/api/approvals/inbox/").data["results"]
    assert (row["status"], row["decidable"]) == ("rejected", False)
    # Resubmitted, it leaves the author's list and waits for the head again.
    api("sales1").post(f"/api/trips/{trip}/submit/")
    assert ids(api, "sales1") == []
    assert ids(api, "head") == [trip]


def test_the_page_tells_the_author_what_to_do_with_a_rejected_trip(api, client, cast):
    trip = submitted_trip(api)
    api("head").post(f"/api/trips/{trip}/reject/", {"comment": "请补充拜访客户"})
    client.force_login(cast["sales1"])
    page = client.get("/approvals/").content.decode()
    assert "已被驳回：请修改后重新提交" in page
    assert 'name="doc"' not in page  # nothing of mine to approve


def test_done_lists_what_i_approved_or_rejected(api, cast):
    approved, rejected, waiting = (
        submitted_trip(api),
        submitted_trip(api, start=4),
        submitted_trip(api, start=7),
    )
    api("head").post(f"/api/trips/{approved}/approve/")
    api("head").post(f"/api/trips/{rejected}/reject/", {"comment": "重复出差"})
    assert set(ids(api, "head", "?tab=done")) == {approved, rejected}
    assert ids(api, "head") == [waiting]
    assert approved not in ids(api, "gm", "?tab=done")  # the GM has not decided it yet


def test_started_lists_what_i_submitted_not_drafts(api, cast):
    trip = submitted_trip(api)
    draft = (
        api("sales1")
        .post(
            "/api/trips/",
            {
                "purpose": "customer_visit",
                "destinations": [{"province": "浙江", "city": "杭州"}],
                "depart": days_from_today(9),
                "return": days_from_today(10),
            },
            format="json",
        )
        .data["id"]
    )
    started = ids(api, "sales1", "?tab=started")
    assert trip in started and draft not in started
    assert trip not in ids(api, "sales2", "?tab=started")


def test_cc_lists_trips_i_travel_on_as_a_companion(api, cast):
    trip = submitted_trip(api, companions=[cast["sales2"].pk])
    assert ids(api, "sales2", "?tab=cc") == [trip]
    assert ids(api, "sales1", "?tab=cc") == []  # my own trip is in 我发起的, not copied to me


def test_cc_lists_visible_trips_to_a_customer_i_own(api, cast):
    customer = Customer.objects.filter(owner=cast["head"]).first() or Customer.objects.first()
    Customer.objects.filter(pk=customer.pk).update(owner=cast["head"])
    trip = TripFactory(traveller=cast["sales1"], customers=[customer.pk], status="submitted")
    assert trip.pk in ids(api, "head", "?tab=cc")
    Customer.objects.filter(pk=customer.pk).update(owner=cast["sales2"])
    # sales2 owns the customer but may not see sales1's trip: not copied (it would be a 404).
    assert trip.pk not in ids(api, "sales2", "?tab=cc")


def test_search_by_number_person_destination_and_customer(api, cast):
    hangzhou = submitted_trip(api, city="杭州")
    wenzhou = submitted_trip(api, "sales2", start=4, city="温州")
    number = Trip.objects.get(pk=hangzhou).number
    assert ids(api, "head", f"?q={number}") == [hangzhou]
    assert ids(api, "head", f"?q={number.lower()}") == [hangzhou]
    assert ids(api, "head", "?q=温州") == [wenzhou]
    name = cast["sales2"].first_name or cast["sales2"].username
    assert ids(api, "head", f"?q={name}") == [wenzhou]
    assert ids(api, "head", "?q=nothing-like-this") == []


def test_filter_by_kind_and_person(api, cast):
    trip = submitted_trip(api)
    other = submitted_trip(api, "sales2", start=4)
    claim = ClaimFactory(
        trip=TripFactory(
            traveller=cast["sales1"],
            depart=today() + timedelta(days=20),
            return_date=today() + timedelta(days=21),
            status="approved",
        ),
        status="submitted",
    )
    assert set(ids(api, "head")) == {trip, other, claim.pk}
    assert ids(api, "head", "?kind=claim") == [claim.pk]
    assert set(ids(api, "head", f"?person={cast['sales1'].pk}")) == {trip, claim.pk}
    assert ids(api, "head", f"?kind=trip&person={cast['sales2'].pk}") == [other]
    people = {p.pk for p in inbox_people(user=cast["head"])}
    assert people == {cast["sales1"].pk, cast["sales2"].pk}


def test_an_unknown_tab_is_a_400_on_the_api_and_the_default_on_the_page(api, client, cast):
    assert api("head").get("/api/approvals/inbox/?tab=nope").status_code == 400
    client.force_login(cast["head"])
    assert client.get("/approvals/?tab=nope&person=x&kind=%00").status_code == 200


@pytest.mark.parametrize("tab", ["todo", "done", "started", "cc"])
def test_a_page_of_any_tab_is_one_query(api, cast, tab):
    for start in (1, 4, 7):
        trip = submitted_trip(api, start=start, companions=[cast["sales2"].pk])
        api("head").post(f"/api/trips/{trip}/approve/")
    user = {"todo": "gm", "done": "head", "started": "sales1", "cc": "sales2"}[tab]
    roles_of(cast[user])
    inbox(user=cast[user], tab=tab)[0:1]  # warm up: content types are cached once
    documents = inbox(user=cast[user], tab=tab, q="杭州")  # cc: the user's scope is read here
    with CaptureQueriesContext(connection) as queries:
        rows = documents[0:2]
    assert len(rows) == 2
    assert len(queries.captured_queries) == 1


@pytest.mark.parametrize("tab", ["todo", "done", "started", "cc"])
def test_the_page_queries_do_not_grow_with_data(api, client, cast, tab):
    def grow(n, first):
        for i in range(n):
            trip = submitted_trip(api, start=first + 6 * i, companions=[cast["sales2"].pk])
            api("head").post(f"/api/trips/{trip}/approve/")
            claimed = TripFactory(
                traveller=cast["sales1"],
                depart=today() + timedelta(days=first + 6 * i + 3),
                return_date=today() + timedelta(days=first + 6 * i + 4),
                status="approved",
            )
            ClaimFactory(trip=claimed, status="submitted")

    user = {"todo": "gm", "done": "head", "started": "sales1", "cc": "sales2"}[tab]
    client.force_login(cast[user])
    grow(1, 1)
    url = f"/approvals/?tab={tab}&q=杭"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(4, 40)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
