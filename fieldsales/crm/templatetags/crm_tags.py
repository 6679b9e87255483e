"""Small display helpers of the CRM pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {
    "create": _("新建"),
    "edit": _("修改"),
    "plan": _("制定拜访计划"),
    "confirm": _("确认预约"),
    "cancel": _("取消"),
    "check_in": _("签到"),
    "check_out": _("签退"),
    "record": _("填写拜访记录"),
    "sign": _("客户签字"),
    "photo": _("上传照片"),
    "move": _("推进阶段"),
    "trip_report": _("出差报告中登记拜访"),
    "feedback_migrated": _("由出差报告反馈表迁入"),
}


@register.filter
def crm_action(code: str) -> str:
    return str(ACTIONS.get(code, code))


@register.filter
def distance(metres: Any) -> str:
    """288 → 288 米; 1112 → 1.1 公里."""
    if metres in (None, ""):
        return "—"
    metres = int(metres)
    if metres < 1000:
        return gettext("%(n)s 米") % {"n": metres}
    return gettext("%(n)s 公里") % {"n": f"{metres / 1000:.1f}"}


@register.filter
def short_hash(value: str) -> str:
    return f"{value[:8]}…{value[-8:]}" if value else ""


@register.filter
def yuan(value: Any, places: int = 2) -> str:
    """1280000 → 1,280,000.00 (figures as on the printed forms)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{amount:,.{int(places)}f}"
