"""D9 through the API: the manager keeps the fleet, the traveller books a car for a trip, the
manager decides; overlapping bookings of one car are 409 naming D9; nobody approves their own."""

from __future__ import annotations

from vehicles_support import book, booked, car, trip

from fieldsales.department.vehicles.models import VehicleBooking


def test_head_registers_a_car_and_the_department_sees_it(api, cast, sales_department):
    made = car(api)

    assert made["department"]["id"] == sales_department.pk
    assert made["status"] == "available"
    listed = api("sales1").get("/api/vehicles/").json()
    assert [v["plate"] for v in listed["results"]] == ["浙A·T0001"]
    assert api("gm").get(f"/api/vehicles/{made['id']}/").status_code == 200


def test_a_salesperson_may_not_register_a_car(api, cast, sales_department):
    answer = api("sales1").post(
        "/api/vehicles/",
        {"department": sales_department.pk, "plate": "浙A·X", "model": "x", "seats": 5},
        format="json",
    )

    assert answer.status_code == 403
    assert "D9" in answer.json()["detail"]


def test_a_duplicate_plate_and_bad_seats_are_400(api, cast):
    car(api)

    again = api("head").post(
        "/api/vehicles/", {"plate": "浙a·t0001", "model": "x", "seats": 5}, format="json"
    )
    seats = api("head").post(
        "/api/vehicles/", {"plate": "浙A·T2", "model": "x", "seats": 0}, format="json"
    )

    assert again.status_code == 400 and "plate" in again.json()
    assert seats.status_code == 400 and "seats" in seats.json()


def test_head_retires_a_car_and_it_cannot_be_booked(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)

    patched = api("head").patch(
        f"/api/vehicles/{vehicle['id']}/", {"status": "retired"}, format="json"
    )
    answer = book(api, "sales1", mine.pk, vehicle["id"])

    assert patched.json()["status"] == "retired"
    assert answer.status_code == 409
    assert "D9" in answer.json()["detail"]


def test_the_traveller_books_and_it_waits_for_head(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10, days=3)

    body = booked(api, "sales1", mine.pk, vehicle["id"])

    assert body["status"] == "requested"
    assert (body["start"], body["end"]) == (mine.depart.isoformat(), mine.return_date.isoformat())
    assert body["current_step"]["user"] == cast["head"].pk
    assert body["requester"]["id"] == cast["sales1"].pk


def test_only_the_traveller_books_for_the_trip(api, cast):
    vehicle = car(api)
    theirs = trip(cast["sales1"], 10)

    by_head = book(api, "head", theirs.pk, vehicle["id"])
    by_sales2 = book(api, "sales2", theirs.pk, vehicle["id"])

    assert by_head.status_code == 403
    assert by_sales2.status_code == 400  # a trip sales2 may not see does not exist for them
    assert "trip" in by_sales2.json()


def test_booking_dates_must_lie_within_the_trip(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)

    answer = book(
        api, "sales1", mine.pk, vehicle["id"], start=mine.depart.isoformat(), end="2099-01-01"
    )

    assert answer.status_code == 400
    assert "D9" in answer.json()["start"][0]


def test_overlapping_bookings_of_one_car_are_409_naming_d9(api, cast):
    vehicle = car(api)
    first = booked(api, "sales1", trip(cast["sales1"], 10, days=2).pk, vehicle["id"])
    overlapping = trip(cast["sales2"], 11, days=2)  # its first day is sales1's last

    answer = book(api, "sales2", overlapping.pk, vehicle["id"])

    assert answer.status_code == 409
    assert "D9" in answer.json()["detail"]
    assert first["number"] in answer.json()["detail"]
    assert VehicleBooking.objects.count() == 1


def test_adjacent_days_and_another_car_do_not_overlap(api, cast):
    vehicle = car(api)
    other = car(api, plate="浙A·T0002")
    booked(api, "sales1", trip(cast["sales1"], 10, days=2).pk, vehicle["id"])

    next_day = book(api, "sales2", trip(cast["sales2"], 12, days=2).pk, vehicle["id"])
    same_days = book(api, "head", trip(cast["head"], 10, days=2).pk, other["id"])

    assert next_day.status_code == 201
    assert same_days.status_code == 201


def test_a_rejected_or_cancelled_booking_frees_the_car(api, cast):
    vehicle = car(api)
    first = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    rejected = api("head").post(
        f"/api/vehicle-bookings/{first['id']}/reject/", {"comment": "那天车要保养"}, format="json"
    )

    again = book(api, "sales2", trip(cast["sales2"], 10).pk, vehicle["id"])

    assert rejected.json()["status"] == "rejected"
    assert again.status_code == 201
    cancelled = api("sales2").post(f"/api/vehicle-bookings/{again.json()['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"


def test_a_reject_needs_a_reason(api, cast):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])

    answer = api("head").post(f"/api/vehicle-bookings/{body['id']}/reject/", {}, format="json")

    assert answer.status_code == 400
    assert "comment" in answer.json()


def test_one_open_booking_per_trip(api, cast):
    vehicle = car(api)
    other = car(api, plate="浙A·T0002")
    mine = trip(cast["sales1"], 10)
    booked(api, "sales1", mine.pk, vehicle["id"])

    answer = book(api, "sales1", mine.pk, other["id"])

    assert answer.status_code == 409


def test_the_requester_may_not_approve_their_own_booking(api, cast):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])

    answer = api("sales1").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    assert answer.status_code == 403
    assert VehicleBooking.objects.get().status == "requested"


def test_heads_own_booking_goes_to_the_gm_not_to_himself(api, cast):
    vehicle = car(api)
    body = booked(api, "head", trip(cast["head"], 10).pk, vehicle["id"])

    by_head = api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")
    by_gm = api("gm").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    assert body["current_step"]["role"] == "gm"
    assert by_head.status_code == 403
    assert by_gm.status_code == 200
    assert by_gm.json()["status"] == "approved"


def test_approving_twice_is_409(api, cast):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    answer = api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    assert answer.status_code == 409


def test_who_sees_a_booking(api, cast):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    path = f"/api/vehicle-bookings/{body['id']}/"

    seen = {name: api(name).get(path).status_code for name in ("sales1", "head", "gm")}
    hidden = {name: api(name).get(path).status_code for name in ("sales2", "finance", "tech")}

    assert seen == {"sales1": 200, "head": 200, "gm": 200}
    assert hidden == {"sales2": 404, "finance": 404, "tech": 404}
    assert api("sales2").post(f"{path}approve/").status_code == 404
    assert api("sales2").get("/api/vehicle-bookings/").json()["count"] == 0
    assert api(None).get(path).status_code == 401


def test_the_cars_calendar_shows_taken_days_without_details_to_colleagues(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)
    booked(api, "sales1", mine.pk, vehicle["id"])

    seen = api("sales2").get(f"/api/vehicles/{vehicle['id']}/bookings/").json()["bookings"]

    assert seen == [
        {
            "id": None,
            "start": mine.depart.isoformat(),
            "end": mine.return_date.isoformat(),
            "status": "requested",
            "requester": None,
        }
    ]


def test_a_car_of_another_department_is_not_seen(api, cast):
    vehicle = car(api)

    assert api("finance").get(f"/api/vehicles/{vehicle['id']}/").status_code == 404
    assert api("finance").get("/api/vehicles/").json()["count"] == 0
