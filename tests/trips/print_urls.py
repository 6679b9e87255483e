"""The print views alone, for tests/trips/test_printing.py (the real urls.py is not ours)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from fieldsales.trips import print_views

trips_patterns = (
    [
        path("trips/<int:pk>/print/", print_views.trip_print, name="trip_print"),
        path("advances/<int:pk>/print/", print_views.advance_print, name="advance_print"),
        path("claims/<int:pk>/print/", print_views.claim_print, name="claim_print"),
        path("feedbacks/<int:pk>/print/", print_views.feedback_print, name="feedback_print"),
        path("trips/<int:pk>/report/print/", print_views.report_print, name="report_print"),
    ],
    "trips",
)

urlpatterns = [
    path("", include(trips_patterns)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
]
