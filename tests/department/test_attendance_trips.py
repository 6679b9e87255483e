"""D7 with the trips: an approved trip's days are `trip`; the days beyond P5.2's limit (the
engine's `absent_days`) are absent whatever the clock, unless the GM recorded the special case;
the scorecard's incidents list them (absent_days, with the trip's link) and the late days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from attendance_support import at, imported, numbered
from factories import TripFactory

from fieldsales.department.attendance import selectors, services
from fieldsales.department.incidents import counts, incidents_for
from fieldsales.trips.models import Trip
from fieldsales.trips.services import trip_absent_days, trip_estimate, trip_special_case

pytestmark = pytest.mark.django_db
DEPART = date(2026, 11, 2)  # Monday; six days in 杭州 to Saturday the 7th
RETURN = date(2026, 11, 7)


def six_day_trip(cast) -> Trip:
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    Trip.objects.filter(pk=trip.pk).update(depart=DEPART, return_date=RETURN)
    trip.refresh_from_db()
    return trip


def by_day(user, start, end):
    return {e.day: e for e in selectors.statuses([user.pk], start, end)[user.pk]}


def test_p5_2_days_beyond_the_limit_are_absent_even_with_the_clock(cast):
    numbered(cast)
    trip = six_day_trip(cast)
    assert trip_estimate(trip=trip)["absent_days"] == 2  # in province: more than 4 days
    assert trip_absent_days(trip=trip) == 2  # the count attendance asks for, the same
    imported(cast, [("1001", "2026-11-06", "08:30"), ("1001", "2026-11-06", "18:00")])
    days = by_day(cast["sales1"], DEPART, RETURN)
    assert [days[DEPART + timedelta(n)].status for n in range(6)] == [
        "trip",
        "trip",
        "trip",
        "trip",
        "absent",
        "absent",
    ]
    assert days[RETURN].p5_2 and days[RETURN].trip.trip_id == trip.pk


def test_p5_2_special_case_waives_the_absent_days(cast):
    trip = six_day_trip(cast)
    trip_special_case(trip=trip, actor=cast["gm"], reason="客户验收延期")
    days = by_day(cast["sales1"], DEPART, RETURN)
    assert {days[d].status for d in days} == {"trip"}


def test_d6_incidents_absent_days_with_p5_2_and_late_days_listed(cast):
    numbered(cast)
    trip = six_day_trip(cast)
    imported(
        cast,
        [
            ("1001", "2026-11-09", "09:10"),  # Monday after the trip, no notice: absent
            ("1001", "2026-11-09", "17:40"),
            ("1001", "2026-11-10", "09:10"),  # notice at 08:40: late
            ("1001", "2026-11-10", "17:40"),
        ],
    )
    services.attendance_notice_give(
        actor=cast["sales1"], day=date(2026, 11, 10), now=at(date(2026, 11, 10), 8, 40)
    )
    found = incidents_for([cast["sales1"]], date(2026, 11, 1), date(2026, 11, 10))
    mine = found[cast["sales1"].pk]
    absent = [i for i in mine if i.kind == "absent_days"]
    late = [i for i in mine if i.kind == "late_days"]
    assert [i.day for i in absent] == [date(2026, 11, 6), date(2026, 11, 7), date(2026, 11, 9)]
    assert absent[0].url == f"/trips/{trip.pk}/"
    assert "P5.2" in absent[0].label
    assert "person=" in absent[2].url and "2026-11-09" in absent[2].url
    assert [i.day for i in late] == [date(2026, 11, 10)]
    assert counts(mine)["absent_days"] == 3  # late days are listed, not scored
    assert "late_days" not in counts(mine)
