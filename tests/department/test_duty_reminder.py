"""D8/D11 "duty tomorrow": the sweep tells the person on a shift from noon the day before,
once; a person swapped in gets their own; a done or begun shift is not reminded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from duty_support import rota, shift_of, start_clock

from fieldsales.department.duty.notify import TOMORROW
from fieldsales.notifications.models import Notification
from fieldsales.notifications.registry import sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return start_clock(monkeypatch)


SWEEP = "department.duty.reminder"


@pytest.fixture
def shift(api, cast, clock, sales_department):
    return shift_of(rota(api, sales_department.pk), cast["sales1"])


def _eve(shift: dict) -> date:
    return date.fromisoformat(shift["day"]) - timedelta(days=1)


def test_d8_reminded_the_day_before_once(cast, clock, shift):
    clock.set(_eve(shift), 11, 0)
    assert sweep(SWEEP).run(clock.at) == 0  # before noon

    clock.set(_eve(shift), 13, 0)
    assert sweep(SWEEP).run(clock.at) == 1
    clock.set(_eve(shift), 20, 0)
    assert sweep(SWEEP).run(clock.at) == 0

    notes = Notification.objects.filter(kind=TOMORROW)
    assert [n.recipient for n in notes] == [cast["sales1"]]
    assert "明天" in notes[0].title and "08:00" in notes[0].title
    assert notes[0].link == "/department/duty/"


def test_d8_the_person_swapped_in_is_reminded_too(api, cast, clock, shift):
    clock.set(_eve(shift), 13, 0)
    sweep(SWEEP).run(clock.at)
    api("head").patch(f"/api/duty/{shift['id']}/", {"person": cast["sales2"].pk}, format="json")

    assert sweep(SWEEP).run(clock.at) == 1
    assert {n.recipient for n in Notification.objects.filter(kind=TOMORROW)} == {
        cast["sales1"],
        cast["sales2"],
    }


def test_d8_no_reminder_once_the_shift_began(cast, clock, shift):
    clock.set(date.fromisoformat(shift["day"]), 8, 5)

    assert sweep(SWEEP).run(clock.at) == 0
