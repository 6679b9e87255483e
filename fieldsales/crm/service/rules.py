"""Who may handle a service request, and whether its state allows an action now."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.org.access import ALLOWED, Denied, Verdict


def handles(user: Any, request: Any) -> bool:
    """The request's owner or whoever directs their work."""
    return customer_rules.works_for(user, request.owner)


def acts_as(who: str, user: Any, request: Any) -> bool:
    """ServiceRequest.CUSTOM_ACTORS: the handler; for a cancel also who opened it."""
    if who == "handler":
        return handles(user, request)
    if who == "opener_or_handler":
        return request.opened_by_id == user.pk or handles(user, request)
    return False


def can(user: Any, request: Any, action: str) -> Verdict:
    """403 unless the user may take `action` on the request, then 409 unless its state allows."""
    table = type(request).TRANSITIONS
    transition = table.get((request.status, action))
    # As the machine asks: who takes this action in any state (403 comes before 409).
    whos = {t.who for (_state, a), t in table.items() if a == action}
    if not any(acts_as(who, user, request) for who in whos):
        return Denied(_("只有负责人或其主管可以处理该单据"))
    if transition is None:
        return Denied(
            _("单据当前状态为“%(status)s”，不能执行此操作")
            % {"status": request.get_status_display()},
            409,
        )
    return ALLOWED


def can_add_photo(user: Any, request: Any) -> Verdict:
    """Photos of the problem: by who opened the request or handles it, while it is open."""
    if not acts_as("opener_or_handler", user, request):
        return Denied(_("只有登记人、负责人或其主管可以添加照片"))
    if request.status not in type(request).OPEN_STATUSES:
        return Denied(
            _("单据已%(status)s，不能再添加照片") % {"status": request.get_status_display()}, 409
        )
    return ALLOWED
