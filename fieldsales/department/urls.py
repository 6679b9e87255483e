"""The department pages: /department/... for every subpackage."""

from django.urls import path

from fieldsales.department.reports.urls import urlpatterns as reports_urls
from fieldsales.department.sections import department_home
from fieldsales.department.targets.urls import urlpatterns as targets_urls

app_name = "department"
urlpatterns = [
    path("department/", department_home, name="home"),
    *targets_urls,
    *reports_urls,
]
