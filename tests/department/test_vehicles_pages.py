"""D9 pages: the 车辆 section of the 部门 tab (the fleet with each car's bookings), booking
from the trip's page, the manager's approve and reject, cancel, the usage log form, the
manager's fleet forms and the demo's cars."""

from __future__ import annotations

import pytest
from vehicles_support import booked, car, trip

from fieldsales.department.vehicles.models import Vehicle, VehicleBooking, VehicleUsage
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db


def test_the_fleet_page_lists_the_cars_and_their_bookings(api, client, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)
    booked(api, "sales1", mine.pk, vehicle["id"])
    client.force_login(cast["sales2"])

    page = client.get("/department/vehicles/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "浙A·T0001" in html and 'href="/department/vehicles/"' in html  # the 车辆 tab
    assert "已预订" in html  # sales2 sees the days taken, not whose booking it is
    assert "/department/vehicles/bookings/" not in html


def test_people_outside_the_departments_do_not_see_the_fleet(client, cast):
    client.force_login(cast["finance"])

    assert client.get("/department/vehicles/").status_code == 404


def test_the_trip_page_links_to_the_booking_form(api, client, cast):
    car(api)
    mine = trip(cast["sales1"], 10)
    client.force_login(cast["sales1"])

    trip_page = client.get(f"/trips/{mine.pk}/").content.decode()
    form = client.get(f"/department/vehicles/book/?trip={mine.pk}").content.decode()

    assert f'href="/department/vehicles/book/?trip={mine.pk}"' in trip_page
    assert f'<option value="{mine.pk}" selected>' in form


def test_book_on_the_page_then_head_approves(api, client, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)
    client.force_login(cast["sales1"])

    sent = client.post(
        "/department/vehicles/bookings/new/",
        {"trip": mine.pk, "vehicle": vehicle["id"], "note": "去现场勘察"},
        follow=True,
    )
    booking = VehicleBooking.objects.get()
    assert sent.redirect_chain[-1][0] == f"/department/vehicles/bookings/{booking.pk}/"
    assert "用车申请已提交" in sent.content.decode()

    client.force_login(cast["head"])
    detail = client.get(f"/department/vehicles/bookings/{booking.pk}/").content.decode()
    assert "同意" in detail
    client.post(f"/department/vehicles/bookings/{booking.pk}/approve/", {"comment": "同意"})

    assert VehicleBooking.objects.get().status == "approved"
    assert Trip.objects.get(pk=mine.pk).vehicle == "company"


def test_an_overlap_on_the_page_says_d9(api, client, cast):
    vehicle = car(api)
    booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    other = trip(cast["sales2"], 10)
    client.force_login(cast["sales2"])

    answer = client.post(
        "/department/vehicles/bookings/new/",
        {"trip": other.pk, "vehicle": vehicle["id"]},
        follow=True,
    )

    assert "D9" in answer.content.decode()
    assert VehicleBooking.objects.count() == 1


def test_the_requester_cannot_approve_on_the_page(api, client, cast):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    client.force_login(cast["sales1"])

    page = client.get(f"/department/vehicles/bookings/{body['id']}/").content.decode()
    answer = client.post(f"/department/vehicles/bookings/{body['id']}/approve/", follow=True)

    assert "同意" not in page
    assert "不能审批自己的单据" in answer.content.decode()
    assert VehicleBooking.objects.get().status == "requested"


def test_a_colleagues_booking_page_is_404(api, client, cast):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    client.force_login(cast["sales2"])

    assert client.get(f"/department/vehicles/bookings/{body['id']}/").status_code == 404
    assert client.post(f"/department/vehicles/bookings/{body['id']}/cancel/").status_code == 404


def test_the_usage_form_records_and_refuses_a_lower_odometer(api, client, cast):
    vehicle = car(api)
    past = trip(cast["sales1"], -3)
    body = booked(api, "sales1", past.pk, vehicle["id"])
    api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")
    client.force_login(cast["sales1"])
    path = f"/department/vehicles/bookings/{body['id']}/usage/"

    bad = client.post(path, {"odometer_out": "500", "odometer_in": "400"}, follow=True)
    good = client.post(
        path,
        {
            "odometer_out": "500",
            "odometer_in": "620",
            "fuel_litres": "10.5",
            "fuel_cost": "80.00",
            "driver": cast["sales1"].pk,
            "returned_at": f"{past.return_date:%Y-%m-%d}T18:30",
        },
        follow=True,
    )

    assert "还车里程不能小于出车里程" in bad.content.decode()
    assert "出车记录已保存" in good.content.decode()
    assert VehicleUsage.objects.get().distance == 120


def test_cancel_on_the_page(api, client, cast):
    vehicle = car(api)
    body = booked(api, "sales1", trip(cast["sales1"], 10).pk, vehicle["id"])
    client.force_login(cast["sales1"])

    client.post(f"/department/vehicles/bookings/{body['id']}/cancel/")

    assert VehicleBooking.objects.get().status == "cancelled"


def test_head_registers_a_car_and_sets_its_status_on_the_page(client, cast, sales_department):
    client.force_login(cast["head"])

    client.post(
        "/department/vehicles/new/",
        {"department": sales_department.pk, "plate": "浙A·P0001", "model": "别克", "seats": "7"},
    )
    vehicle = Vehicle.objects.get()
    client.post(f"/department/vehicles/{vehicle.pk}/status/", {"status": "in_service"})

    assert Vehicle.objects.get().status == "in_service"


def test_a_salesperson_cannot_register_a_car_on_the_page(client, cast, sales_department):
    client.force_login(cast["sales1"])

    answer = client.post(
        "/department/vehicles/new/",
        {"department": sales_department.pk, "plate": "浙A·P0001", "model": "别克", "seats": "7"},
        follow=True,
    )

    assert "D9" in answer.content.decode()
    assert not Vehicle.objects.exists()


def test_the_demo_loads_cars_past_usage_and_one_booking_waiting(cast):
    from fieldsales.demo import department_vehicles

    department_vehicles.load(cast)
    department_vehicles.load(cast)  # idempotent

    assert Vehicle.objects.count() == 3
    assert VehicleUsage.objects.count() == 2
    waiting = VehicleBooking.objects.get(status="requested")
    assert waiting.pending_user_id == cast["head"].pk
    assert Trip.objects.filter(vehicle="company").count() == 2
