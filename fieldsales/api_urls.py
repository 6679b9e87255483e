"""Every REST route of api.md under /api/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from fieldsales.core import api as core_api
from fieldsales.crm import api as crm_api
from fieldsales.department import api as department_api
from fieldsales.notifications import api as notifications_api
from fieldsales.org import api as org_api
from fieldsales.sales import api as sales_api
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
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")
sales_api.register(router)
department_api.register(router)

urlpatterns = [
    path("auth/token/", org_api.TokenView.as_view(), name="api-token"),
    path("auth/logout/", org_api.LogoutView.as_view(), name="api-logout"),
    path("approvals/inbox/", core_api.InboxView.as_view(), name="api-inbox"),
    path("approvals/approve/", core_api.BulkApproveView.as_view(), name="api-approve"),
    *sales_api.extra_urls(),
    *department_api.extra_urls(),
    *router.urls,
]
