"""D5: the meeting gathers each salesperson's week right: last week's visits (Sunday to the
meeting's Saturday) with their results, next week's planned visits, and nobody else's."""

from __future__ import annotations

import pytest
from meetings_support import day, open_meeting, section, visit

from fieldsales.crm.models import SatisfactionSurvey, SurveyKind, VisitStatus

pytestmark = pytest.mark.django_db


def test_d5_last_week_is_sunday_to_the_meetings_saturday_with_results(api, cast, sales_department):
    sales1 = cast["sales1"]
    visit(sales1, day(-7), purpose="上上周六")  # the previous meeting's Saturday: not this week
    first = visit(sales1, day(-6), purpose="周日", status=VisitStatus.CHECKED_OUT, content="谈妥")
    visit(sales1, day(-3), purpose="取消的", status=VisitStatus.CANCELLED, cancel_reason="客户出差")
    visit(sales1, day(0), purpose="周六上午", status=VisitStatus.CHECKED_OUT, content="签了意向")
    SatisfactionSurvey.objects.create(
        customer=first.customer,
        kind=SurveyKind.VISIT,
        visit=first,
        quarter="2026Q4",
        score=4,
        salesperson=sales1,
        recorded_by=sales1,
    )

    body = open_meeting(api, sales_department.pk)

    last = section(body, sales1)["last_week"]
    assert [(v["date"], v["purpose"]) for v in last] == [
        ("2026-10-04", "周日"),
        ("2026-10-07", "取消的"),
        ("2026-10-10", "周六上午"),
    ]
    assert last[0]["result"] == "洽谈：谈妥" and last[0]["satisfaction"] == 4
    assert last[1]["result"] == "已取消：客户出差"


def test_d5_next_week_is_the_planned_visits_of_the_following_week(api, cast, sales_department):
    sales1, sales2 = cast["sales1"], cast["sales2"]
    visit(sales1, day(1), purpose="周日计划")
    visit(sales1, day(7), purpose="下周六计划")
    visit(sales1, day(8), purpose="下下周")
    visit(sales1, day(3), purpose="已取消", status=VisitStatus.CANCELLED)
    visit(sales2, day(2), purpose="业务员二")

    body = open_meeting(api, sales_department.pk)

    assert [v["purpose"] for v in section(body, sales1)["next_week"]] == ["周日计划", "下周六计划"]
    assert [v["purpose"] for v in section(body, sales2)["next_week"]] == ["业务员二"]
    assert all(v["key"] is False for v in section(body, sales1)["next_week"])


def test_d5_attendees_are_the_departments_people_and_sections_its_salespeople(
    api, cast, sales_department
):
    body = open_meeting(api, sales_department.pk)

    assert [a["user"] for a in body["attendees"]][0] == cast["head"].pk
    assert {a["user"] for a in body["attendees"]} >= {
        cast["head"].pk,
        cast["sales1"].pk,
        cast["sales2"].pk,
    }
    assert cast["gm"].pk not in {a["user"] for a in body["attendees"]}
    assert {s["salesperson"] for s in body["sections"]} == {cast["sales1"].pk, cast["sales2"].pk}
    assert all(a["present"] for a in body["attendees"])
