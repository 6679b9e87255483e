"""The department's REST endpoints (department.md's API) as fieldsales.api_urls registers them."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern

from fieldsales.department.dashboard import routes as dashboard
from fieldsales.department.meetings import routes as meetings
from fieldsales.department.plans import routes as plans
from fieldsales.department.reports import routes as reports
from fieldsales.department.scorecards import routes as scorecards
from fieldsales.department.targets import routes as targets
from fieldsales.department.worklogs import routes as worklogs

SUBPACKAGES = (targets, dashboard, meetings, worklogs, plans, reports, scorecards)


def register(router: Any) -> None:
    for subpackage in SUBPACKAGES:
        subpackage.register(router)


def extra_urls() -> list[URLPattern]:
    return [url for subpackage in SUBPACKAGES for url in subpackage.extra_urls]
