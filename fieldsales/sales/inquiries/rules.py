"""May this user do this to this inquiry, and if not, why (selling.md S3).

Each `can_<action>(user, obj)` answers `Allowed` or `Denied(reason, status)` in api.md's order:
403 (not yours to do), 409 (not in this state), 400 (a rule refuses it). Visibility (404) is
the selectors' business: every rule is asked about an inquiry the user can see.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.workflow import may_decide
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.org.access import ALLOWED, Denied, Verdict, has_role
from fieldsales.org.models import Role
from fieldsales.sales.inquiries.models import (
    InputRequest,
    Inquiry,
    InquiryStatus,
    RequestKind,
)

# Who registers inquiries and records their outcome: the people who sell (S3.1).
SELLING_ROLES = (Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM)
# S3.3: the role that answers each kind of request.
ANSWERING_ROLE = {RequestKind.TECHNICAL: Role.TECHNICAL, RequestKind.PURCHASING: Role.PURCHASING}
# An inquiry still being worked on: files and questions may be added to it.
OPEN = (InquiryStatus.DRAFT, InquiryStatus.SUBMITTED, InquiryStatus.PARTICIPATING)
# What the salesperson may record as the outcome (S3.4), from which states.
OUTCOME_FROM = {
    "won": (InquiryStatus.PARTICIPATING,),
    "lost": (InquiryStatus.PARTICIPATING,),
    "withdrawn": OPEN,
}


def _state_denied(inquiry: Inquiry) -> Denied:
    return Denied(
        _("询价当前状态为“%(status)s”，不能执行此操作") % {"status": inquiry.get_status_display()},
        409,
    )


def sells(user: Any) -> bool:
    """Registers inquiries: salespeople, the department's head or manager, the GM."""
    return has_role(user, *SELLING_ROLES)


def answers_requests(user: Any) -> bool:
    """Technical or purchasing staff (S3.3)."""
    return has_role(user, Role.TECHNICAL, Role.PURCHASING)


def request_kinds_of(user: Any) -> list[str]:
    """The kinds of request the user answers (by their roles)."""
    return [kind for kind, role in ANSWERING_ROLE.items() if has_role(user, role)]


def works_for(user: Any, inquiry: Inquiry) -> bool:
    """The salesperson or whoever directs their work (their head or manager, the GM)."""
    return customer_rules.works_for(user, inquiry.salesperson)


def can_register(user: Any) -> Verdict:
    if not sells(user):
        return Denied(_("只有销售人员可以登记询价/招标"))
    return ALLOWED


def can_decide(user: Any, inquiry: Inquiry) -> Verdict:
    """S3.2: the current step's decider (department manager, then the GM), never the author."""
    if may_decide(document=inquiry, user=user):
        return ALLOWED
    if user.pk == inquiry.salesperson_id:
        return Denied(_("不能决定自己登记的询价"))
    if not inquiry.awaiting_decision():
        return _state_denied(inquiry)
    return Denied(_("您不是此询价的决定人"))


def can_quote(inquiry: Inquiry) -> bool:
    """S3.2: only a participating inquiry can get a quote."""
    return inquiry.status == InquiryStatus.PARTICIPATING


def can_ask(user: Any, inquiry: Inquiry) -> Verdict:
    """S3.3: the salesperson (or their manager) asks for technical or purchasing input."""
    if not works_for(user, inquiry):
        return Denied(_("只有该询价的销售员或其主管可以发起协助请求"))
    if inquiry.status not in OPEN:
        return _state_denied(inquiry)
    return ALLOWED


def can_answer(user: Any, request: InputRequest) -> Verdict:
    """S3.3: a holder of the request's role, once, while the inquiry is open."""
    if not has_role(user, ANSWERING_ROLE[RequestKind(request.kind)]):
        return Denied(_("只有%(dept)s人员可以答复此请求") % {"dept": _dept(request.kind)})
    if request.answered:
        return Denied(_("此请求已经答复过了"), 409)
    if request.inquiry.status not in OPEN:
        return _state_denied(request.inquiry)
    return ALLOWED


def _dept(kind: str) -> str:
    return str(Role(ANSWERING_ROLE[RequestKind(kind)]).label)


def can_attach(user: Any, inquiry: Inquiry) -> Verdict:
    """询价书/招标文件 are added by the salesperson (or their manager) while it is open."""
    if not works_for(user, inquiry):
        return Denied(_("只有该询价的销售员或其主管可以上传附件"))
    if inquiry.status not in OPEN:
        return _state_denied(inquiry)
    return ALLOWED


def can_record_outcome(user: Any, inquiry: Inquiry, outcome: str | None = None) -> Verdict:
    """S3.4: the salesperson records won, lost or withdrawn."""
    if user.pk != inquiry.salesperson_id:
        return Denied(_("只有该询价的销售员可以登记结果"))
    states = OUTCOME_FROM.get(outcome or "", ()) if outcome else OPEN
    if inquiry.status not in states:
        return _state_denied(inquiry)
    return ALLOWED
