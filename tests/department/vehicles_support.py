"""Shared steps of the company-vehicle tests (D9): a car of 销售部 registered by head through
the API, and trips of the demo's salespeople on fixed days from today."""

from __future__ import annotations

from datetime import timedelta

from factories import TripFactory
from helpers import today


def car(api, plate: str = "浙A·T0001", seats: int = 5) -> dict:
    made = api("head").post(
        "/api/vehicles/", {"plate": plate, "model": "大众 帕萨特", "seats": seats}, format="json"
    )
    assert made.status_code == 201, made.json()
    return made.json()


def trip(user, first: int, days: int = 2, status: str = "approved"):
    """`user`'s trip departing `first` days from today for `days` days."""
    depart = today() + timedelta(days=first)
    return TripFactory(
        traveller=user, depart=depart, return_date=depart + timedelta(days=days - 1), status=status
    )


def book(api, username: str, trip_id: int, vehicle_id: int, **extra):
    return api(username).post(
        "/api/vehicle-bookings/", {"trip": trip_id, "vehicle": vehicle_id, **extra}, format="json"
    )


def booked(api, username: str, trip_id: int, vehicle_id: int) -> dict:
    answer = book(api, username, trip_id, vehicle_id)
    assert answer.status_code == 201, answer.json()
    return answer.json()
