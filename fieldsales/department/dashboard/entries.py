"""What the dashboard plugs into the shared pages at start-up (DepartmentConfig.ready): the
看板 section of the 部门 tab, the home block (two charts), and the overdue counts it owns
(revisits, installments, trip reports); work logs and reports register theirs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy

from fieldsales.core.registry import PageBlock, register_block
from fieldsales.department.dashboard.overdue import OverdueCount, register_overdue
from fieldsales.department.dashboard.scope import has_dashboard, scope_of
from fieldsales.department.sections import Section, register_section

SECTION = Section("department:dashboard", gettext_lazy("看板"), 90, has_dashboard)


def _home(request: Any) -> dict[str, Any]:
    from fieldsales.department.dashboard.views import home_block

    return home_block(request)


HOME = PageBlock(
    "home",
    "department.dashboard.charts",
    "department/dashboard_home.html",
    26,
    _home,
    has_dashboard,
)


def overdue_revisits(viewer: Any, today: date) -> int:
    """Kept customers past their revisit interval, among those the viewer sees (crm)."""
    from fieldsales.crm.visits.selectors import overdue_revisits as rows

    return len(rows(user=viewer, today=today))


def overdue_installments(viewer: Any, today: date) -> int:
    """Installments of signed orders in the viewer's scope, due before today, not fully
    collected (S6.2)."""
    from fieldsales.sales.orders.models import SIGNED_OR_LATER, Installment

    scope = scope_of(viewer)
    if scope is None:
        return 0
    return (
        Installment.objects.filter(
            order__status__in=SIGNED_OR_LATER, due__lt=today, collected__lt=F("amount")
        )
        .filter(scope.q("order__salesperson_id", "order__department_id"))
        .count()
    )


def overdue_trip_reports(viewer: Any, today: date) -> int:
    """P7.1: trips past their report date without a report, among those the viewer sees."""
    from fieldsales.trips.selectors import overdue_reports

    return overdue_reports(user=viewer).count()


COUNTS = (
    OverdueCount("revisits", gettext_lazy("客户回访逾期"), overdue_revisits, "crm:revisits", 10),
    OverdueCount(
        "installments", gettext_lazy("分期款逾期"), overdue_installments, "sales:receivables", 20
    ),
    OverdueCount(
        "trip_reports", gettext_lazy("出差报告逾期"), overdue_trip_reports, "trips:list", 30
    ),
)


def register() -> None:
    register_section(SECTION)
    register_block(HOME)
    for entry in COUNTS:
        register_overdue(entry)
