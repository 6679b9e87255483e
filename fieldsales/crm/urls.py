"""The crm pages: /crm/... for every subdomain, behind one gate for roles with no CRM."""

from functools import wraps

from django.http import Http404
from django.urls import path

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers import views as customers_views
from fieldsales.crm.pipeline import views as pipeline_views
from fieldsales.crm.service import views as service_views
from fieldsales.crm.sheets import customer_list
from fieldsales.crm.sheets import views as sheets_views
from fieldsales.crm.surveys import views as surveys_views
from fieldsales.crm.visits import views as visits_views


def crm_users_only(view):
    """Every CRM page is a 404 for a signed-in user whose role has no CRM (finance)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not customer_rules.uses_crm(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.admits = (
        customer_rules.uses_crm
    )  # the navigation shows the page only to those it admits
    return wrapper


app_name = "crm"
urlpatterns = [
    # The list sits at /crm/ so that the one nav item 客户 lights on every CRM page.
    path("crm/", customer_list.customer_list, name="customer_list"),
    path("crm/customers/export/", customer_list.customer_list_export, name="customer_list_export"),
    path("crm/customers/new/", customers_views.customer_new, name="customer_new"),
    path(
        "crm/customers/duplicates/", customers_views.customer_duplicates, name="customer_duplicates"
    ),
    path("crm/customers/cities/", customers_views.city_options, name="cities"),
    path("crm/customers/pick/", customers_views.pick_customers, name="pick_customers"),
    path("crm/customers/import/", sheets_views.customer_import, name="customer_import"),
    path(
        "crm/customers/import/template.xlsx", sheets_views.import_template, name="import_template"
    ),
    path("crm/customers/sheet/", sheets_views.target_sheet, name="target_sheet"),
    path("crm/customers/sheet.xlsx", sheets_views.target_sheet_xlsx, name="target_sheet_xlsx"),
    path("crm/customers/<int:pk>/", customers_views.customer_detail, name="customer_detail"),
    path(
        "crm/customers/<int:pk>/timeline/",
        customers_views.customer_timeline,
        name="customer_timeline",
    ),
    path("crm/customers/<int:pk>/edit/", customers_views.customer_edit, name="customer_edit"),
    path("crm/customers/<int:pk>/contacts/", customers_views.contact_add, name="contact_add"),
    path(
        "crm/customers/<int:pk>/<str:action>/",
        customers_views.customer_action,
        name="customer_action",
    ),
    path("crm/pool/", customers_views.pool, name="pool"),
    path("crm/pipeline/", pipeline_views.pipeline, name="pipeline"),
    path("crm/pipeline/<str:stage>/", pipeline_views.pipeline_closed, name="pipeline_closed"),
    path("crm/opportunities/new/", pipeline_views.opportunity_new, name="opportunity_new"),
    path("crm/opportunities/pick/", pipeline_views.pick_opportunities, name="pick_opportunities"),
    path(
        "crm/opportunities/<int:pk>/", pipeline_views.opportunity_detail, name="opportunity_detail"
    ),
    path(
        "crm/opportunities/<int:pk>/move/", pipeline_views.opportunity_move, name="opportunity_move"
    ),
    path("crm/visits/", visits_views.visit_plan, name="visit_plan"),
    path("crm/visits/plan.xlsx", sheets_views.visit_plan_xlsx, name="visit_plan_xlsx"),
    path("crm/visits/new/", visits_views.visit_new, name="visit_new"),
    path("crm/visits/<int:pk>/", visits_views.visit_detail, name="visit_detail"),
    path("crm/visits/<int:pk>/feedback/", visits_views.visit_feedback, name="visit_feedback"),
    path(
        "crm/visits/<int:pk>/feedback.pdf",
        visits_views.visit_feedback,
        {"pdf": True},
        name="visit_feedback_pdf",
    ),
    path("crm/visits/<int:pk>/<str:action>/", visits_views.visit_action, name="visit_action"),
    path("crm/photos/<int:pk>/", visits_views.visit_photo, name="visit_photo"),
    path("crm/revisits/", visits_views.revisits, name="revisits"),
    path("crm/service/", service_views.service_list, name="service_list"),
    path("crm/service/new/", service_views.service_new, name="service_new"),
    path("crm/service/<int:pk>/", service_views.service_detail, name="service_detail"),
    path("crm/service/photos/<int:pk>/", service_views.service_photo, name="service_photo"),
    path("crm/service/<int:pk>/<str:action>/", service_views.service_action, name="service_action"),
    path("crm/surveys/", surveys_views.surveys, name="surveys"),
    path("crm/surveys/new/", surveys_views.survey_new, name="survey_new"),
]

for _pattern in urlpatterns:
    _pattern.callback = crm_users_only(_pattern.callback)
