"""The inbox pages in the database: the API's `next` links the pages, the badge counts them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from helpers import approved_trip, days_from_today

from fieldsales.core.inbox import TODO, _tab_part, inbox, inbox_count, sources_for
from fieldsales.core.workflow import roles_of
from fieldsales.org.access import department_ids

pytestmark = pytest.mark.django_db


def submit_trips(api, n: int) -> list[int]:
    """`n` trips of sales1 submitted, each waiting for the head."""
    ids = []
    for i in range(n):
        body = {
            "purpose": "customer_visit",
            "destinations": [{"province": "浙江", "city": "杭州"}],
            "depart": days_from_today(1 + 3 * i),
            "return": days_from_today(2 + 3 * i),
        }
        trip = api("sales1").post("/api/trips/", body, format="json").data["id"]
        api("sales1").post(f"/api/trips/{trip}/submit/")
        ids.append(trip)
    return ids


def test_api_inbox_next_links_the_second_page(api):
    ids = submit_trips(api, 27)
    first = api("head").get("/api/approvals/inbox/").data
    assert first["count"] == 27
    assert [r["id"] for r in first["results"]] == ids[:25]
    assert first["previous"] is None
    assert first["next"].endswith("/api/approvals/inbox/?page=2")
    second = api("head").get(first["next"]).data
    assert [r["id"] for r in second["results"]] == ids[25:]
    assert second["next"] is None


def test_api_inbox_row_fields_are_the_contract(api, cast):
    [trip] = submit_trips(api, 1)
    [row] = api("head").get("/api/approvals/inbox/").data["results"]
    assert set(row) == {
        "kind",
        "id",
        "number",
        "status",
        "author",
        "author_name",
        "submitted_at",
        "amount",
        "violations",
        "url",
        # Added by issue 10.6 (api.md lets the project add fields): what an approver sees.
        "waiting_since",
        "subject",
        "subject_count",
        "date_from",
        "date_to",
        "decidable",
    }
    assert (row["kind"], row["id"], row["status"]) == ("trip", trip, "submitted")
    assert (row["author"], row["author_name"]) == (cast["sales1"].pk, "张伟")
    assert (row["amount"], row["violations"], row["url"]) == (None, [], f"/api/trips/{trip}/")


def test_a_page_of_the_inbox_is_one_query(api, cast):
    submit_trips(api, 3)
    roles_of(cast["head"])  # the user's roles are read once per request, not per source
    department_ids(cast["head"])  # and so are the departments they run
    with CaptureQueriesContext(connection) as queries:
        rows = inbox(user=cast["head"])[0:2]
    assert [r.kind for r in rows] == ["trip", "trip"]
    assert len(queries.captured_queries) == 1


def test_badge_counts_every_source_in_one_query_compiled_once(api, cast):
    first, _second = submit_trips(api, 2)
    assert inbox_count(user=cast["head"]) == 2  # compiled: the org tables read once
    assert api("head").post(f"/api/trips/{first}/approve/", {}).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert inbox_count(user=cast["head"]) == 1
    assert len(queries.captured_queries) == 1
    counted = queries.captured_queries[0]["sql"]
    assert counted.count("COUNT(*)") == len(sources_for(cast["head"]))


def test_badge_counts_equal_each_sources_own_count(api, cast):
    submit_trips(api, 2)
    for name in ("head", "gm", "finance", "sales1", "admin"):
        user = cast[name]
        expected = sum(_tab_part(s, user, TODO).count() for s in sources_for(user))
        assert inbox_count(user=user) == expected, name
        assert inbox_count(user=user) == expected, name  # from the kept SQL


def test_a_role_given_or_taken_changes_the_badge_at_once(api, cast):
    """The kept SQL of a user's counts is compiled again when the org tables change: a
    salesperson made GM sees the trip waiting for the GM on their next page."""
    from fieldsales.org.models import Role, RoleGrant

    [trip] = submit_trips(api, 1)
    assert api("head").post(f"/api/trips/{trip}/approve/", {}).status_code == 200
    users = get_user_model().objects.select_related("employee")
    assert inbox_count(user=users.get(username="sales2")) == 0
    grant = RoleGrant.objects.create(employee=cast["sales2"].employee, role=Role.GM)
    assert inbox_count(user=users.get(username="sales2")) == 1  # as the next request reads it
    grant.delete()
    assert inbox_count(user=users.get(username="sales2")) == 0


def test_the_author_never_finds_their_own_document(api, cast):
    submit_trips(api, 1)
    assert inbox_count(user=cast["sales1"]) == 0
    assert list(inbox(user=cast["sales1"])[0:10]) == []


def test_a_claims_violations_and_amount_reach_the_inbox(api):
    trip = approved_trip(api)  # visits C-0001 without a signed feedback: a P7.2 violation
    claim = api("sales1").post("/api/claims/", {"trip": trip, "items": []}, format="json").data
    api("sales1").post(f"/api/claims/{claim['id']}/submit/")
    stored = api("head").get(f"/api/claims/{claim['id']}/").data
    [row] = api("head").get("/api/approvals/inbox/").data["results"]
    assert (row["kind"], row["id"]) == ("claim", claim["id"])
    assert row["amount"] == stored["totals"]["reimbursed"]
    assert [v["code"] for v in row["violations"]] == [v["code"] for v in stored["violations"]]
    assert "missing_visit_feedback" in {v["code"] for v in row["violations"]}


def test_the_whole_inbox_is_one_query_too(api, cast):
    submit_trips(api, 3)
    roles_of(cast["head"])  # the user's roles are read once per request, not per source
    department_ids(cast["head"])  # and so are the departments they run
    with CaptureQueriesContext(connection) as queries:
        rows = [row for row in inbox(user=cast["head"])]  # noqa: C416  (iterating, not len())
    assert len(rows) == 3
    assert len(queries.captured_queries) == 1


def test_inbox_page_leaves_out_sources_with_nothing_waiting_and_shows_the_same(api, client):
    """The badge's per-source counts, taken once per request, leave the empty sources out of
    the page's UNION (and its COUNT is the badge's); the rows are the whole inbox's."""
    from django.contrib.auth import get_user_model

    ids = submit_trips(api, 3)
    head = get_user_model().objects.get(username="head")
    client.force_login(head)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/approvals/")
    assert page.status_code == 200
    unions = [q["sql"] for q in ctx.captured_queries if "UNION ALL" in q["sql"].upper()]
    waiting = [s for s in sources_for(head) if s.waiting(head).exists()]
    assert not any(q.upper().startswith("SELECT COUNT(*)") for q in unions)  # the badge's sum
    source_columns = [q["sql"].count('AS "source"') for q in ctx.captured_queries]
    assert max(source_columns) == len(waiting) < len(sources_for(head))
    shown = [row.id for row in page.context["page"].object_list]
    assert shown == [row.id for row in inbox(user=head)[:20]]
    assert set(ids) <= set(shown)
    assert page.context["page"].paginator.count == inbox(user=head).count()
