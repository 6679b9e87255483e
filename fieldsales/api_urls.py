"""Every REST route of api.md under /api/."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from fieldsales.trips import api as trips_api

router = DefaultRouter()
router.register("trips", trips_api.TripViewSet, basename="trip")
router.register("advances", trips_api.AdvanceViewSet, basename="advance")
router.register("claims", trips_api.ClaimViewSet, basename="claim")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("approvals/inbox/", trips_api.InboxView.as_view(), name="api-inbox"),
    *router.urls,
]
