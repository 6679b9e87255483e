"""D5 API: opening a week's meeting (one per department and Saturday, by its head or manager)
and the 400s naming the field and the rule for every refused input."""

from __future__ import annotations

import pytest
from meetings_support import SATURDAY, open_meeting

pytestmark = pytest.mark.django_db


def test_d5_the_head_opens_the_weeks_meeting_for_their_department(api, cast, sales_department):
    created = api("head").post("/api/meetings/", {"date": "2026-10-10"}, format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["department"]["id"], body["date"], body["status"]) == (
        sales_department.pk,
        "2026-10-10",
        "open",
    )
    assert body["opened_by"] == cast["head"].pk and body["can_edit"] is True


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"date": "2026-10-09"}, "date", "周六"),
        ({"date": "2030-01-05"}, "date", "四周"),
        ({"date": "10/10/2026"}, "date", ""),
        ({}, "date", ""),
        ({"date": "2026-10-10", "department": "x"}, "department", ""),
        ({"date": "2026-10-10", "department": 999999}, "department", "部门不存在"),
    ],
)
def test_d5_create_refusals_are_400_naming_the_field(api, sales_department, payload, field, words):
    answer = api("head").post("/api/meetings/", payload, format="json")

    assert answer.status_code == 400
    assert words in answer.json()[field][0]


def test_d5_one_meeting_per_department_and_week(api, sales_department):
    open_meeting(api, sales_department.pk)

    again = api("head").post(
        "/api/meetings/", {"department": sales_department.pk, "date": "2026-10-10"}, format="json"
    )

    assert again.status_code == 400 and "已经创建" in again.json()["date"][0]


@pytest.mark.parametrize("who", ["sales1", "gm"])
def test_d5_only_the_head_or_manager_opens_the_meeting(api, sales_department, who):
    answer = api(who).post(
        "/api/meetings/", {"department": sales_department.pk, "date": "2026-10-10"}, format="json"
    )
    without_department = api(who).post("/api/meetings/", {"date": "2026-10-10"}, format="json")

    assert answer.status_code == 403 and without_department.status_code == 403


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("", {"topic": ["列表"]}, "topic"),
        ("", {"notes": "x" * 8001}, "notes"),
        ("key-visits/", {}, "visit"),
        ("key-visits/", {"visit": "abc"}, "visit"),
        ("guidance/", {"salesperson": 999999, "guidance": "x"}, "salesperson"),
        ("guidance/", {"salesperson": 1}, "guidance"),
        ("attendees/", {"attendees": []}, "attendees"),
        ("attendees/", {"attendees": [{"user": 999999, "present": True}]}, "user"),
        ("attendees/", {"attendees": [{"user": 1}]}, "attendees"),
    ],
)
def test_d5_edit_refusals_are_400_naming_the_field(api, sales_department, path, payload, field):
    meeting = open_meeting(api, sales_department.pk)
    url = f"/api/meetings/{meeting['id']}/{path}"
    head = api("head")

    answer = (head.patch if not path else head.post)(url, payload, format="json")

    assert answer.status_code == 400, answer.json()
    assert field in answer.json()


def test_d5_guidance_goes_to_a_salesperson_only(api, cast, sales_department):
    meeting = open_meeting(api, sales_department.pk)

    answer = api("head").post(
        f"/api/meetings/{meeting['id']}/guidance/",
        {"salesperson": cast["head"].pk, "guidance": "x"},
        format="json",
    )

    assert answer.status_code == 400 and "业务员" in answer.json()["salesperson"][0]


def test_d5_patch_saves_topic_notes_and_decisions(api, sales_department):
    meeting = open_meeting(api, sales_department.pk)

    answer = api("head").patch(
        f"/api/meetings/{meeting['id']}/",
        {"topic": " 逆变器选型 ", "notes": "记录", "decisions": "决定"},
        format="json",
    )

    assert answer.status_code == 200
    assert (answer.json()["topic"], answer.json()["notes"], answer.json()["decisions"]) == (
        "逆变器选型",
        "记录",
        "决定",
    )


@pytest.mark.parametrize("query", ["status=bogus", "department=abc"])
def test_d5_list_filters_refuse_bad_values(api, sales_department, query):
    assert api("head").get(f"/api/meetings/?{query}").status_code == 400


def test_d5_list_filters_by_status_and_pages(api, sales_department):
    open_meeting(api, sales_department.pk)
    second = open_meeting(api, sales_department.pk, SATURDAY.replace(day=17))
    api("head").post(f"/api/meetings/{second['id']}/close/")

    closed = api("head").get("/api/meetings/?status=closed").json()

    assert [m["id"] for m in closed["results"]] == [second["id"]]
    everything = api("head").get("/api/meetings/").json()
    assert everything["count"] == 2 and everything["results"][0]["date"] == "2026-10-17"
