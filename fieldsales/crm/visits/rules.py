"""Who may take each step of a visit, and whether its state allows it now."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.org.access import ALLOWED, Denied, Verdict


def acts_as(who: str, user: Any, visit: Any) -> bool:
    """Visit.CUSTOM_ACTORS: the salesperson who goes; for a cancel also whoever directs them."""
    if who == "salesperson":
        return visit.salesperson_id == user.pk
    if who == "planner":
        return customer_rules.works_for(user, visit.salesperson)
    return False


def can(user: Any, visit: Any, action: str) -> Verdict:
    """403 unless the user takes `action` on this visit, then 409 unless its state allows it."""
    table = type(visit).TRANSITIONS
    whos = {t.who for (_state, a), t in table.items() if a == action}
    if not any(acts_as(who, user, visit) for who in whos):
        if "planner" in whos:
            return Denied(_("只有拜访的业务员或其主管可以取消拜访"))
        return Denied(_("只有拜访的业务员本人可以执行此操作"))
    if (visit.status, action) not in table:
        return Denied(
            _("拜访当前状态为“%(status)s”，不能执行此操作")
            % {"status": visit.get_status_display()},
            409,
        )
    return ALLOWED
