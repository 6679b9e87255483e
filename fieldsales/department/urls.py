"""The department pages: /department/... for every subpackage."""

from django.urls import path

from fieldsales.department.attendance.urls import urlpatterns as attendance_urls
from fieldsales.department.dashboard.urls import urlpatterns as dashboard_urls
from fieldsales.department.duty.urls import urlpatterns as duty_urls
from fieldsales.department.meetings.urls import urlpatterns as meetings_urls
from fieldsales.department.plans.urls import urlpatterns as plans_urls
from fieldsales.department.reports.urls import urlpatterns as reports_urls
from fieldsales.department.scorecards.urls import urlpatterns as scorecards_urls
from fieldsales.department.sections import department_home
from fieldsales.department.targets.urls import urlpatterns as targets_urls
from fieldsales.department.training.urls import urlpatterns as training_urls
from fieldsales.department.vehicles.urls import urlpatterns as vehicles_urls
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
    *duty_urls,
    *training_urls,
    *attendance_urls,
    *vehicles_urls,
    *scorecards_urls,
]
