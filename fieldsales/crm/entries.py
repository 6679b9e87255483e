"""What crm plugs into the home page (CrmConfig.ready): a salesperson's visits of the day and a
head's customers overdue for a revisit. Reports only lays the blocks out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fieldsales.core import audit_text, labels
from fieldsales.core.registry import PageBlock, register_block
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.templatetags.crm_tags import ACTIONS
from fieldsales.crm.visits import selectors as visit_selectors
from fieldsales.crm.visits.models import VisitStatus
from fieldsales.org.access import has_role
from fieldsales.org.models import Role

HOME_REVISITS = 5


def visits_today(request: HttpRequest) -> dict[str, Any]:
    """The user's own visits planned or under way today, in their order (one query)."""
    today = timezone.localdate()
    visits = (
        visit_selectors.visible_visits(user=request.user)
        .filter(salesperson=request.user, date=today)
        .order_by("seq", "pk")
    )
    return {"visits": list(visits), "today": today}


def team_revisits(request: HttpRequest) -> dict[str, Any]:
    """Customers of the team not visited within their class's interval (one query)."""
    rows = visit_selectors.overdue_revisits(user=request.user, today=timezone.localdate())
    return {"revisits": rows[:HOME_REVISITS], "revisit_count": len(rows)}


def _visits_customers(user: Any) -> bool:
    return customer_rules.uses_crm(user) and has_role(
        user, Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER
    )


def _leads_in_crm(user: Any) -> bool:
    return customer_rules.uses_crm(user) and has_role(
        user, Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM
    )


BLOCKS = [
    PageBlock(
        "home", "crm.visits_today", "crm/_home_visits.html", 14, visits_today, _visits_customers
    ),
    PageBlock("home", "crm.revisits", "crm/_home_revisits.html", 45, team_revisits, _leads_in_crm),
]


VISIT_VOICE = audit_text.AuditVoice(
    noun=pgettext_lazy("audit", "客户拜访"), actions="crm.action", statuses="crm.visit_status"
)


def register() -> None:
    """Register the CRM's blocks of the home page, its reminders (D11) and how a visit's audit
    log reads."""
    from fieldsales.crm import reminders
    from fieldsales.crm.sheets.customer_list import (
        CUSTOMER_COLUMNS,
        CUSTOMER_LIST_EXPORT,
        customer_filter,
    )
    from fieldsales.crm.sheets.views import TARGET_SHEET_EXPORT, target_sheet_file
    from fieldsales.notifications.exports import register_export, register_list_export

    reminders.register()
    register_export(TARGET_SHEET_EXPORT, _("目标客户基本信息情况统计表"), target_sheet_file)
    register_list_export(CUSTOMER_LIST_EXPORT, _("客户"), customer_filter, CUSTOMER_COLUMNS)
    for block in BLOCKS:
        register_block(block)
    labels.register("crm.action", ACTIONS)
    labels.register("crm.visit_status", dict(VisitStatus.choices))
    audit_text.register_voice("crm.visit", VISIT_VOICE)
