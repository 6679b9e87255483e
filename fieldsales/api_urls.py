"""Every REST route of api.md under /api/."""

from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from fieldsales.core.parsers import PARSERS
from fieldsales.crm import api as crm_api
from fieldsales.trips import api as trips_api

router = DefaultRouter()
router.register("trips", trips_api.TripViewSet, basename="trip")
router.register("advances", trips_api.AdvanceViewSet, basename="advance")
router.register("claims", trips_api.ClaimViewSet, basename="claim")
router.register("customers", crm_api.CustomerViewSet, basename="customer")
router.register("contacts", crm_api.ContactViewSet, basename="contact")
router.register("opportunities", crm_api.OpportunityViewSet, basename="opportunity")
router.register("visits", crm_api.VisitViewSet, basename="visit")
router.register("service-requests", crm_api.ServiceRequestViewSet, basename="service-request")
router.register("surveys", crm_api.SurveyViewSet, basename="survey")

urlpatterns = [
    # DRF's token view names its own parsers: ours bound the JSON it reads (depth, text).
    path("auth/token/", ObtainAuthToken.as_view(parser_classes=PARSERS), name="api-token"),
    path("approvals/inbox/", trips_api.InboxView.as_view(), name="api-inbox"),
    *router.urls,
]
