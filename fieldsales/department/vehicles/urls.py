"""The vehicles pages under /department/ (gathered by fieldsales.department.urls)."""

from django.urls import URLPattern, path

from fieldsales.department.vehicles import views

urlpatterns: list[URLPattern] = [
    path("department/vehicles/", views.vehicles_page, name="vehicles"),
    path("department/vehicles/new/", views.vehicle_new, name="vehicle_new"),
    path("department/vehicles/<int:pk>/status/", views.vehicle_status, name="vehicle_status"),
    path("department/vehicles/book/", views.booking_form, name="vehicle_book"),
    path("department/vehicles/bookings/new/", views.booking_new, name="vehicle_booking_new"),
    path("department/vehicles/bookings/<int:pk>/", views.booking_detail, name="vehicle_booking"),
    path(
        "department/vehicles/bookings/<int:pk>/<str:action>/",
        views.booking_action,
        name="vehicle_booking_action",
    ),
]
