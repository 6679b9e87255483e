"""The department pages: /department/... for every subpackage."""

from django.urls import path

from fieldsales.department.dashboard.urls import urlpatterns as dashboard_urls
from fieldsales.department.meetings.urls import urlpatterns as meetings_urls
from fieldsales.department.plans.urls import urlpatterns as plans_urls
from fieldsales.department.reports.urls import urlpatterns as reports_urls
from fieldsales.department.scorecards.urls import urlpatterns as scorecards_urls
from fieldsales.department.sections import department_home
from fieldsales.department.targets.urls import urlpatterns as targets_urls
from fieldsales.department.worklogs.urls import urlpatterns as worklogs_urls

app_name = "department"
urlpatterns = [
    path("department/", department_home, name="home"),
    *targets_urls,
    *dashboard_urls,
    *meetings_urls,
    *worklogs_urls,
    *plans_urls,
    *reports_urls,
    *scorecards_urls,
]
