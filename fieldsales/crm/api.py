"""The crm REST endpoints (api.md) as fieldsales.api_urls registers them.

/api/customers/ serves three subdomains: the customer file (customers), the sheet import
(sheets) and the revisits due (visits); customers sits below the other two and may not import
them, so the endpoint is assembled here, above every subdomain. /api/surveys/ likewise gets
the visits and service requests a survey may name.
"""

from __future__ import annotations

from fieldsales.crm.customers.api import ContactViewSet
from fieldsales.crm.customers.api import CustomerViewSet as CustomerFileViewSet
from fieldsales.crm.pipeline.api import OpportunityViewSet
from fieldsales.crm.service.api import ServiceRequestViewSet
from fieldsales.crm.service.selectors import visible_service_requests
from fieldsales.crm.sheets.api import CustomerImportActions
from fieldsales.crm.surveys import api as surveys_api
from fieldsales.crm.visits.api import OverdueRevisitActions, VisitViewSet
from fieldsales.crm.visits.selectors import visible_visits

__all__ = [
    "ContactViewSet",
    "CustomerViewSet",
    "OpportunityViewSet",
    "ServiceRequestViewSet",
    "SurveyViewSet",
    "VisitViewSet",
]


class CustomerViewSet(CustomerImportActions, OverdueRevisitActions, CustomerFileViewSet):
    """Customers and prospects: own and pool for a salesperson, the department's, or all."""


class SurveyViewSet(surveys_api.SurveyViewSet):
    """Satisfaction surveys, naming a visit or a service request the user sees."""

    visible_visits = staticmethod(visible_visits)
    visible_service_requests = staticmethod(visible_service_requests)
