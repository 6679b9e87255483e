"""D9 on a 390 px phone: sales1 opens their trip, books a company car from it, and the booking
waits for the head; the head finds it in the inbox and approves it; the trip then shows the
company car (P4.7), and sales1 writes the usage log on the phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories import TripFactory
from helpers import no_sideways_scroll, shot, today

from fieldsales.department.vehicles import services
from fieldsales.department.vehicles.models import VehicleBooking, VehicleUsage
from fieldsales.trips.models import Trip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales1_books_a_car_on_a_phone_and_the_head_approves(phone, cast):
    head_user = cast["head"]
    services.vehicle_create(
        actor=head_user,
        department_id=head_user.employee.department_id,
        data={"plate": "浙A·D8C21", "model": "别克 GL8 商务车", "seats": 7},
    )
    depart = today() + timedelta(days=3)
    trip = TripFactory(
        traveller=cast["sales1"], depart=depart, return_date=depart + timedelta(days=1)
    )

    sales = phone("sales1")
    sales.goto(f"/trips/{trip.pk}/")
    sales.locator("#trip-book-vehicle").click()
    sales.locator("#booking-form").wait_for()
    assert no_sideways_scroll(sales)
    sales.fill("#note", "带两位技术人员现场勘察")
    shot(sales, "vehicles-book-phone")
    sales.get_by_role("button", name="提交用车申请").click()
    sales.locator(".page-title .badge", has_text="待审批").wait_for()
    assert no_sideways_scroll(sales)
    booking = VehicleBooking.objects.get()

    head = phone("head")
    head.goto("/approvals/")
    head.locator(f'a[href="/department/vehicles/bookings/{booking.pk}/"]').first.click()
    head.locator("#approval").wait_for()
    assert no_sideways_scroll(head)
    head.fill("textarea[name=comment]", "同意，注意安全驾驶")
    head.get_by_role("button", name="同意").click()
    head.locator(".page-title .badge", has_text="已批准").wait_for()
    shot(head, "vehicles-approved-phone")
    assert Trip.objects.get(pk=trip.pk).vehicle == "company"
    head.goto("/department/vehicles/")
    head.locator('[data-plate="浙A·D8C21"]', has_text="已批准").wait_for()
    assert no_sideways_scroll(head)
    shot(head, "vehicles-fleet-phone")

    sales.goto(f"/department/vehicles/bookings/{booking.pk}/")
    sales.locator("#usage-form").wait_for()
    sales.fill("#odometer_out", "48210")
    sales.fill("#odometer_in", "48596")
    sales.fill("#fuel_litres", "32.50")
    sales.fill("#fuel_cost", "258.70")
    assert no_sideways_scroll(sales)
    sales.get_by_role("button", name="保存出车记录").click()
    sales.locator("#usage dl").wait_for()
    shot(sales, "vehicles-usage-phone")
    assert VehicleUsage.objects.get().distance == 386
