"""The trips vocabulary shown on pages: audit actions, statuses, claim item kinds, seats.

Registered with core's labels registry by TripsConfig.ready(); pages read it through the
`trip_tags` filters or core's `label` filter."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fieldsales.core import labels
from fieldsales.trips.vocabulary import CLAIM_ITEM_KINDS, SEATS

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
    "claim_rejected_unreported": _("报销单被驳回"),
    "withdraw": _("撤回"),
    "claim_withdrawn": _("报销单已撤回"),
    "claim_withdrawn_unreported": _("报销单已撤回"),
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
# The rule that priced a line, as pages and forms name it: a reviewer's override is 特批 (P9).
RULES = {"override": _("特批")}
VOCABULARIES = {
    "policy.rule": RULES,
    "trips.action": ACTIONS,
    "trips.status": STATUSES,
    "claim_item_kind": CLAIM_ITEM_KINDS,
    "seat": SEATS,
}


def register() -> None:
    """Put the trips vocabulary into the labels registry."""
    for vocabulary, words in VOCABULARIES.items():
        labels.register(vocabulary, words)
