from functools import wraps

from django.http import Http404
from django.urls import path

from fieldsales.crm import views
from fieldsales.crm.selectors import uses_crm


def crm_users_only(view):
    """Every CRM page is a 404 for a signed-in user whose role has no CRM (finance)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not uses_crm(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.admits = uses_crm  # the navigation shows the page only to those it admits
    return wrapper


app_name = "crm"
urlpatterns = [
    # The list sits at /crm/ so that the one nav item 客户 lights on every CRM page.
    path("crm/", views.customer_list, name="customer_list"),
    path("crm/customers/new/", views.customer_new, name="customer_new"),
    path("crm/customers/duplicates/", views.customer_duplicates, name="customer_duplicates"),
    path("crm/customers/cities/", views.city_options, name="cities"),
    path("crm/customers/import/", views.customer_import, name="customer_import"),
    path("crm/customers/import/template.xlsx", views.import_template, name="import_template"),
    path("crm/customers/sheet/", views.target_sheet, name="target_sheet"),
    path("crm/customers/sheet.xlsx", views.target_sheet_xlsx, name="target_sheet_xlsx"),
    path("crm/customers/<int:pk>/", views.customer_detail, name="customer_detail"),
    path("crm/customers/<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("crm/customers/<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("crm/customers/<int:pk>/<str:action>/", views.customer_action, name="customer_action"),
    path("crm/pool/", views.pool, name="pool"),
    path("crm/pipeline/", views.pipeline, name="pipeline"),
    path("crm/opportunities/new/", views.opportunity_new, name="opportunity_new"),
    path("crm/opportunities/<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("crm/opportunities/<int:pk>/move/", views.opportunity_move, name="opportunity_move"),
    path("crm/visits/", views.visit_plan, name="visit_plan"),
    path("crm/visits/plan.xlsx", views.visit_plan_xlsx, name="visit_plan_xlsx"),
    path("crm/visits/new/", views.visit_new, name="visit_new"),
    path("crm/visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("crm/visits/<int:pk>/feedback/", views.visit_feedback, name="visit_feedback"),
    path(
        "crm/visits/<int:pk>/feedback.pdf",
        views.visit_feedback,
        {"pdf": True},
        name="visit_feedback_pdf",
    ),
    path("crm/visits/<int:pk>/<str:action>/", views.visit_action, name="visit_action"),
    path("crm/photos/<int:pk>/", views.visit_photo, name="visit_photo"),
    path("crm/revisits/", views.revisits, name="revisits"),
    path("crm/service/", views.service_list, name="service_list"),
    path("crm/service/new/", views.service_new, name="service_new"),
    path("crm/service/<int:pk>/", views.service_detail, name="service_detail"),
    path("crm/service/<int:pk>/<str:action>/", views.service_action, name="service_action"),
    path("crm/surveys/", views.surveys, name="surveys"),
    path("crm/surveys/new/", views.survey_new, name="survey_new"),
]

for _pattern in urlpatterns:
    _pattern.callback = crm_users_only(_pattern.callback)
