"""Labels for codes shown on pages: audit actions, statuses, claim item kinds; people's names."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from fieldsales.core import labels, people

register = template.Library()

ACTIONS = {
    "create": _("创建"),
    "edit": _("修改"),
    "submit": _("提交"),
    "approve": _("同意"),
    "reject": _("驳回"),
    "cancel": _("取消"),
    "pay": _("付款"),
    "settle": _("结算"),
    "report": _("提交报告"),
    "special_case": _("认定特殊情况"),
    "override": _("调整金额"),
    "note": _("填写审核说明"),
    "consent": _("部门负责人同意"),
    "evaluate": _("按制度核算"),
    "claim_submitted": _("报销单已提交"),
    "claim_approved": _("报销单已批准"),
    "claim_rejected": _("报销单被驳回"),
    "visit_added": _("补充客户签字的反馈表"),
}
STATUSES = {
    "draft": _("草稿"),
    "submitted": _("审批中"),
    "approved": _("已批准"),
    "rejected": _("已驳回"),
    "reported": _("已报告"),
    "claimed": _("报销中"),
    "settled": _("已结算"),
    "cancelled": _("已取消"),
    "paid": _("已付款"),
}


@register.filter
def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


@register.filter
def status_label(code: str) -> str:
    return str(STATUSES.get(code, code or "—"))


@register.filter
def kind_label(code: str) -> str:
    """A claim line's kind (火车, 住宿费, ...), as the trips app registered it."""
    return labels.label("claim_item_kind", code)


@register.filter
def display_name(user: Any) -> str:
    """A person as every page names them: family name first (张伟)."""
    return people.display_name(user)
