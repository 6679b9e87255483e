"""The department's REST endpoints (department.md's API) as fieldsales.api_urls registers them."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern

from fieldsales.department.attendance import routes as attendance
from fieldsales.department.dashboard import routes as dashboard
from fieldsales.department.duty import routes as duty
from fieldsales.department.meetings import routes as meetings
from fieldsales.department.plans import routes as plans
from fieldsales.department.reports import routes as reports
from fieldsales.department.scorecards import routes as scorecards
from fieldsales.department.targets import routes as targets
from fieldsales.department.training import routes as training
from fieldsales.department.vehicles import routes as vehicles
from fieldsales.department.worklogs import routes as worklogs

SUBPACKAGES = (
    targets,
    dashboard,
    meetings,
    worklogs,
    plans,
    reports,
    duty,
    training,
    attendance,
    vehicles,
    scorecards,
)


def register(router: Any) -> None:
    for subpackage in SUBPACKAGES:
        subpackage.register(router)


def extra_urls() -> list[URLPattern]:
    return [url for subpackage in SUBPACKAGES for url in subpackage.extra_urls]
