"""May this user do this to this quote, and if not, why (selling.md S4).

Each `can_<action>(user, quote)` answers `Allowed` or `Denied(reason, status)`: services
enforce it, pages show the button or the reason. 403 first, then 409, then 400.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.workflow import available_actions, is_actor, may_decide
from fieldsales.org.access import ALLOWED, Denied, Verdict, has_role
from fieldsales.sales.quotes import selectors
from fieldsales.sales.quotes.models import Quote, QuoteStatus

# Who writes quotes: the sales roles (the GM may quote a major customer himself).
QUOTING_ROLES, READING_ROLES = selectors.QUOTING_ROLES, selectors.READING_ROLES
EDITABLE = (QuoteStatus.DRAFT, QuoteStatus.REJECTED)
PRINTABLE = (QuoteStatus.APPROVED, QuoteStatus.SENT)


def uses_quotes(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, *READING_ROLES)


def can_create(user: Any) -> Verdict:
    if not has_role(user, *QUOTING_ROLES):
        return Denied(_("您的角色不能填写报价单"))
    return ALLOWED


def _state_denied(quote: Quote, action: str) -> Denied:
    return Denied(
        _("报价单当前状态为“%(status)s”，不能执行此操作（%(action)s）")
        % {"status": quote.get_status_display(), "action": action},
        409,
    )


def can_edit(user: Any, quote: Quote) -> Verdict:
    if user is None or user.pk != quote.salesperson_id:
        return Denied(_("只有报价单的填写人可以修改"))
    if quote.status not in EDITABLE:
        return Denied(_("已提交或已审核的报价单不能修改（S4.3）：请使用“修订”生成新版本"), 409)
    return ALLOWED


def can_take(user: Any, quote: Quote, action: str) -> Verdict:
    """What the transition table says: the actor (403), then the state (409)."""
    if action in available_actions(quote, user):
        return ALLOWED
    whos = {t.who for (_state, a), t in Quote.TRANSITIONS.items() if a == action}
    if not any(is_actor(quote, who, user) for who in whos):
        if action in ("approve", "reject") and user.pk == quote.salesperson_id:
            return Denied(_("不能审批自己的单据"))
        return Denied(_("您的角色不能执行此操作"))
    return _state_denied(quote, action)


def can_submit(user: Any, quote: Quote) -> Verdict:
    verdict = can_take(user, quote, "submit")
    if not verdict:
        return verdict
    if quote.inquiry_id and selectors.has_unanswered_requests(quote.inquiry):
        return Denied(_("该询价还有未答复的技术或采购协助请求，报价单暂不能提交（S3.3）"), 409)
    return ALLOWED


def can_decide(user: Any, quote: Quote) -> Verdict:
    if may_decide(document=quote, user=user):
        return ALLOWED
    if user.pk == quote.salesperson_id:
        return Denied(_("不能审批自己的单据"))
    if not quote.awaiting_decision():
        return _state_denied(quote, "approve")
    return Denied(_("您不是此报价单的审批人"))


def _customer_answer(user: Any, quote: Quote, action: str) -> Verdict:
    verdict = can_take(user, quote, action)
    if verdict and quote.is_expired():
        return Denied(
            _("报价单已过有效期（%(day)s），不能再由客户接受或拒绝（S4.3）：请修订后重新报价")
            % {"day": quote.valid_until.isoformat()},
            409,
        )
    return verdict


def can_accept(user: Any, quote: Quote) -> Verdict:
    return _customer_answer(user, quote, "accept")


def can_decline(user: Any, quote: Quote) -> Verdict:
    return _customer_answer(user, quote, "decline")


def can_print(user: Any, quote: Quote) -> Verdict:
    """S4.4: only an approved (or already sent) quote prints."""
    if quote.status not in PRINTABLE:
        return Denied(
            _("只有审核通过的报价单可以打印（S4.4），当前状态为“%(status)s”")
            % {"status": quote.get_status_display()},
            409,
        )
    return ALLOWED


def verdicts(user: Any, quote: Quote) -> dict[str, Verdict]:
    """Every button of the detail page and whether it may be pressed (or why not)."""
    return {
        "edit": can_edit(user, quote),
        "submit": can_submit(user, quote),
        "approve": can_decide(user, quote),
        "withdraw": can_take(user, quote, "withdraw"),
        "send": can_take(user, quote, "send"),
        "print": can_print(user, quote),
        "accept": can_accept(user, quote),
        "decline": can_decline(user, quote),
        "revise": can_take(user, quote, "revise"),
        "cancel": can_take(user, quote, "cancel"),
    }
