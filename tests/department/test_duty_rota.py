"""D8 the month's rota: duty weekdays from the department's parameters, official holidays
skipped, teams in rotation and each team's people in turn, carried on from month to month;
only the department's head or manager draws it, never for a past month."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from duty_support import NOVEMBER, OCTOBER, OCTOBER_DUTY_DAYS, generate, rota, start_clock

from fieldsales.department.duty import services
from fieldsales.department.duty.models import DutyShift
from fieldsales.org.models import Employee, Team, TeamKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return start_clock(monkeypatch)


def test_d8_rota_has_mon_wed_fri_working_days_only(api, clock, sales_department):
    shifts = rota(api, sales_department.pk)

    assert [date.fromisoformat(s["day"]) for s in shifts] == OCTOBER_DUTY_DAYS
    assert {s["start"] for s in shifts} == {"08:00"}
    assert {s["done_by"] for s in shifts} == {"08:30"}
    assert {s["state"] for s in shifts} == {"scheduled"}


def test_d8_rotation_is_fair_within_a_month_and_across_months(api, clock, cast, sales_department):
    october = rota(api, sales_department.pk)
    november = rota(api, sales_department.pk, NOVEMBER)

    people = [s["person"]["id"] for s in october + november]
    assert set(people) == {cast["sales1"].pk, cast["sales2"].pk}  # salespeople, not the head
    for month in (october, november, october + november):
        counts = Counter(s["person"]["id"] for s in month)
        assert max(counts.values()) - min(counts.values()) <= 1
    assert all(a != b for a, b in zip(people, people[1:], strict=False))  # never twice running


def test_d8_teams_take_turns_and_their_people_in_turn(api, clock, cast, sales_department):
    service_team = Team.objects.get(department=sales_department, kind=TeamKind.CUSTOMER_SERVICE)
    Employee.objects.filter(user=cast["sales2"]).update(team=service_team)

    shifts = rota(api, sales_department.pk)

    teams = [s["team"]["id"] for s in shifts]
    assert all(a != b for a, b in zip(teams, teams[1:], strict=False))
    assert {s["person"]["id"] for s in shifts if s["team"]["id"] == service_team.pk} == {
        cast["sales2"].pk
    }


def test_d8_a_department_without_teams_rotates_person_by_person(api, clock, cast, sales_department):
    Employee.objects.filter(department=sales_department).update(team=None)

    shifts = rota(api, sales_department.pk)

    assert {s["team"] for s in shifts} == {None}
    counts = Counter(s["person"]["id"] for s in shifts)
    assert counts == {cast["sales1"].pk: 5, cast["sales2"].pk: 5}


def test_d8_drawing_again_keeps_begun_and_done_shifts(api, clock, sales_department, cast):
    first = rota(api, sales_department.pk)
    clock.set(date(2026, 10, 12), 9)  # 10-09 and 10-12 have begun

    again = services.duty_generate(
        actor=cast["head"], department_id=sales_department.pk, month=OCTOBER
    )

    assert [s.day for s in again] == OCTOBER_DUTY_DAYS
    kept = {s["id"] for s in first[:2]}
    assert kept <= {s.pk for s in again}
    assert DutyShift.objects.count() == len(OCTOBER_DUTY_DAYS)


def test_d8_a_past_month_is_refused(api, clock, sales_department):
    answer = generate(api, sales_department.pk, date(2026, 8, 1))

    assert answer.status_code == 400
    assert "month" in answer.json()


def test_d8_bad_month_is_400(api, clock, sales_department):
    answer = api("head").post(
        "/api/duty/generate/",
        {"department": sales_department.pk, "month": "2026-13"},
        format="json",
    )
    assert answer.status_code == 400
    assert "month" in answer.json()


@pytest.mark.parametrize("who", ["sales1", "gm", "finance"])
def test_d8_only_the_head_or_manager_draws_the_rota(api, clock, sales_department, who):
    assert generate(api, sales_department.pk, who=who).status_code == 403
    assert DutyShift.objects.count() == 0
