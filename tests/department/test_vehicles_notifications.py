"""D9/D11: a booking waiting is told to the manager, a decision to the requester, each once
(the generic approval path); a cancellation to the other party (vehicle.cancelled); the booking
waits in the manager's inbox."""

from __future__ import annotations

from vehicles_support import booked, car, trip

from fieldsales.notifications.models import Notification


def _told(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_head_is_told_once_that_a_booking_waits(api, cast, django_capture_on_commit_callbacks):
    vehicle = car(api)
    with django_capture_on_commit_callbacks(execute=True):
        body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])

    waiting = [n for n in _told(cast["head"], "waiting") if body["number"] in n.title]
    assert len(waiting) == 1
    assert waiting[0].link == f"/department/vehicles/bookings/{body['id']}/"
    assert not _told(cast["sales1"], "waiting")


def test_the_requester_is_told_the_decision_once(api, cast, django_capture_on_commit_callbacks):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    with django_capture_on_commit_callbacks(execute=True):
        api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")
    with django_capture_on_commit_callbacks(execute=True):
        again = api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    decided = [n for n in _told(cast["sales1"], "decision") if body["number"] in n.title]
    assert again.status_code == 409
    assert len(decided) == 1
    assert "已通过" in decided[0].title
    assert not [n for n in _told(cast["head"], "decision") if body["number"] in n.title]


def test_a_rejection_tells_the_reason(api, cast, django_capture_on_commit_callbacks):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    with django_capture_on_commit_callbacks(execute=True):
        api("head").post(
            f"/api/vehicle-bookings/{body['id']}/reject/", {"comment": "车要年检"}, format="json"
        )

    (told,) = [n for n in _told(cast["sales1"], "decision") if body["number"] in n.title]
    assert "车要年检" in told.body


def test_a_cancellation_is_told_to_the_other_party(api, cast, django_capture_on_commit_callbacks):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")
    with django_capture_on_commit_callbacks(execute=True):
        api("head").post(f"/api/vehicle-bookings/{body['id']}/cancel/")

    assert len(_told(cast["sales1"], "vehicle.cancelled")) == 1
    assert not _told(cast["head"], "vehicle.cancelled")


def test_the_booking_waits_in_heads_inbox(api, cast):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])

    inbox = api("head").get("/api/approvals/inbox/").json()["results"]
    mine = api("sales1").get("/api/approvals/inbox/").json()["results"]

    assert [row["id"] for row in inbox if row["kind"] == "vehicle_booking"] == [body["id"]]
    assert not [row for row in mine if row["kind"] == "vehicle_booking"]
