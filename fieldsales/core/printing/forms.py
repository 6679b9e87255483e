"""The header, the signature boxes and the 审批记录 that every printed form shares (forms.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fieldsales.core import labels
from fieldsales.core.people import display_name
from fieldsales.core.printing.dates import cn_date

# forms.md: the signature boxes, always in this order; a form leaves out the ones it does not use.
BOX_ORDER = ("gm", "dept_head", "finance", "cashier", "payee")
BOX_LABELS = {"gm": "总经理", "dept_head": "部门负责人", "finance": "财务审核", "cashier": "出纳"}
DECISIONS = {"approve": "同意", "reject": "驳回"}


def approval_records(document: Any) -> list[dict[str, Any]]:
    """审批记录: each recorded decision (name, role, decision, date), never a fake signature.
    The role's label comes from the "role" vocabulary the org app registers."""
    if not hasattr(document, "approvals"):
        return []
    return [
        {
            "name": display_name(a.user),
            "role": labels.label("role", a.role),
            "decision": DECISIONS.get(a.decision, a.decision),
            "date": cn_date(a.at),
            "comment": a.comment,
        }
        for a in document.approvals().order_by("at", "id")
    ]


def form_context(
    document: Any,
    *,
    company: str,
    title: str,
    number: str,
    department: str,
    filled_on: date | datetime | None,
    boxes: tuple[str, ...],
    payee: str = "",
    attachments: int | None = None,
) -> dict[str, Any]:
    """What `print/_base.html` needs: company and title, the top line, the signature `boxes`
    (keys of BOX_ORDER; "payee" printed as `payee`, e.g. 报销人) and the 审批记录 of a
    `document` that has `approvals()`, with its status."""
    box_labels = BOX_LABELS | {"payee": payee}
    has_approvals = hasattr(document, "approvals")
    return {
        "company": company,
        "title": title,
        "department": department,
        "filled_on": cn_date(filled_on),
        "number": number,
        "attachments": attachments,
        "status": document.get_status_display() if has_approvals else "",
        "boxes": [box_labels[box] for box in BOX_ORDER if box in boxes],
        "approvals": approval_records(document),
    }
